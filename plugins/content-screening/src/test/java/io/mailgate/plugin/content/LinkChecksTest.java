package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailgate.api.Verdict;

/** CON-3 without DNS (the blocklists are proved against rbldnsd in UriBlocklistsTest), CON-4 and CON-5. */
class LinkChecksTest {

    private static final ContentScreener SCREENER = Screen.defaults();

    @Test
    void plainHttpLinkShouldBeRefused() {
        Screening result = SCREENER.screen(Screen.html("News", "<a href=\"http://shop.example.com/\">shop</a>"), "t1");

        assertEquals(Verdict.Kind.REJECT, result.verdict().kind());
        assertEquals("CON-3", result.verdict().policyId());
        assertTrue(result.verdict().reason().contains("http://shop.example.com/"), result.verdict().reason());
    }

    @Test
    void shortenerShouldBeRefused() {
        Screening result = SCREENER.screen(Screen.text("News", "Read more: https://bit.ly/3xYz"), "t1");

        assertEquals(Verdict.Kind.REJECT, result.verdict().kind());
        assertTrue(result.verdict().reason().contains("link shortener (bit.ly)"), result.verdict().reason());
    }

    @Test
    void httpsLinkToACleanDomainShouldPass() {
        Screening result = SCREENER.screen(Screen.html("News", "<a href=\"https://shop.example.com/\">shop</a>"), "t1");

        assertEquals(Verdict.Kind.ACCEPT, result.verdict().kind(), result.findings().toString());
    }

    @Test
    void fakeReplyShouldBeQuarantinedButARealReplyPasses() {
        Screening fake = SCREENER.screen(Screen.text("Re: your request", "As agreed."), "t1");
        Screening real = SCREENER.screen(Screen.message("Subject: Re: your request\r\nIn-Reply-To: <1@example.com>\r\n\r\nAs agreed.\r\n"), "t1");

        assertEquals(Verdict.Kind.QUARANTINE, fake.verdict().kind());
        assertEquals("CON-4", fake.verdict().policyId());
        assertEquals(Verdict.Kind.ACCEPT, real.verdict().kind(), real.findings().toString());
    }

    @Test
    void replyToADiscussionListShouldPassButNotOnAnAnnouncementList() {
        Screening discussion = SCREENER.screen(Screen.message("Subject: Re: release plans\r\n"
                + "List-Post: <mailto:dev@lists.example.org>\r\n\r\nSounds good to me.\r\n"), "t1");
        Screening announcement = SCREENER.screen(Screen.message("Subject: Re: your order\r\n"
                + "List-Post: NO\r\n\r\nOur spring sale starts today.\r\n"), "t1");

        assertEquals(Verdict.Kind.ACCEPT, discussion.verdict().kind(), discussion.findings().toString());
        assertEquals(Verdict.Kind.QUARANTINE, announcement.verdict().kind());
        assertEquals("CON-4", announcement.verdict().policyId());
    }

    @Test
    void operatorContactsShouldBeRefused() {
        ScreeningSettings defaults = ScreeningSettings.defaults();
        ScreeningSettings settings = new ScreeningSettings(defaults.headers(), defaults.shorteners(), List.of(), List.of(),
                defaults.dnsTimeout(), defaults.cacheTtl(), List.of("abuse@gateway-operator.test", "+7 (495) 123-45-67"));
        ContentScreener screener = Screen.screener(Screen.defaultRules(), settings, CategoryApprovals.NONE);

        Screening mail = screener.screen(Screen.text("Hi", "Write to ABUSE@gateway-operator.test"), "t1");
        Screening phone = screener.screen(Screen.text("Hi", "Call 8-495-123 45 67 or +74951234567"), "t1");

        assertEquals("CON-5", mail.verdict().policyId());
        assertEquals(Verdict.Kind.REJECT, phone.verdict().kind());
        assertEquals("CON-5", phone.verdict().policyId());
    }

    @Test
    void observeModeShouldOnlyReport() {
        ContentRule observed = new ContentRule("watch-casino", "gambling", List.of("en"), "casino", null, null, "observe", "");
        ContentScreener screener = Screen.screener(List.of(observed), ScreeningSettings.defaults(), CategoryApprovals.NONE);

        Screening result = screener.screen(Screen.text("Hi", "online casino"), "t1");

        assertEquals(Verdict.Kind.ACCEPT, result.verdict().kind());
        assertEquals("observed", result.findings().get(0).outcome());
    }

    @Test
    void hiddenTextShouldBeATagOfItsOwnAndStillScreened() {
        Screening clean = SCREENER.screen(Screen.html("News", "<p>Hello</p><div style=\"display:none\">nothing much</div>"), "t1");
        Screening hidden = SCREENER.screen(Screen.html("News", "<p>Hello</p><div style=\"display:none\">cheap viagra</div>"), "t1");

        assertEquals(Verdict.Kind.ACCEPT, clean.verdict().kind());
        assertEquals(List.of("hidden-text"), clean.tags());
        assertEquals("nothing much".length(), clean.hiddenChars());
        assertEquals(Verdict.Kind.REJECT, hidden.verdict().kind());
    }

    @Test
    void executableAttachmentShouldBeRefusedAsMalware() {
        String raw = "Subject: Invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nPlease see the invoice.\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"invoice.pdf.exe\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n";
        Screening result = SCREENER.screen(Screen.message(raw), "t1");

        assertEquals(Verdict.Kind.REJECT, result.verdict().kind(), result.findings().toString());
        assertTrue(result.verdict().reason().contains("category malware-phishing"), result.verdict().reason());
        assertEquals("attachments", result.findings().get(0).field());
    }
}
