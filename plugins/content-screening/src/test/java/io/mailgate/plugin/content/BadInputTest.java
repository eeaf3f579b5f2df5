package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.mailgate.api.Verdict;

/** Hostile or broken messages: no crash, bounded time, a clear verdict. */
class BadInputTest {

    private static final ContentScreener SCREENER = Screen.defaults();
    private static final Duration BOUND = Duration.ofSeconds(20);

    private static Screening screen(byte[] raw) {
        return assertTimeoutPreemptively(BOUND, () -> SCREENER.screen(Screen.message(raw), "t1"));
    }

    @Test
    void malformedMimeShouldBeReadAsFarAsItGoes() {
        String raw = "Subject: hi\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"never\"\r\n\r\n"
                + "no boundary here at all, just cheap viagra\r\n";
        Screening result = screen(raw.getBytes(StandardCharsets.UTF_8));

        assertEquals(Verdict.Kind.REJECT, result.verdict().kind(), result.findings().toString());
        assertTrue(result.verdict().reason().contains("counterfeit-drugs"));
    }

    @Test
    void brokenBase64ShouldNotCrash() {
        String raw = "Subject: hi\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "!!!% not base64 at all ***\r\n";
        Screening result = screen(raw.getBytes(StandardCharsets.UTF_8));

        assertEquals(Verdict.Kind.ACCEPT, result.verdict().kind(), result.findings().toString());
    }

    @Test
    void thousandNestingLevelsShouldBeRefusedAsUnscreenable() {
        StringBuilder raw = new StringBuilder("Subject: deep\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        for (int i = 1; i < 1000; i++) {
            raw.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n");
        }
        raw.append("--b999\r\nContent-Type: text/plain\r\n\r\nbottom\r\n");
        for (int i = 999; i >= 0; i--) {
            raw.append("--b").append(i).append("--\r\n");
        }
        Screening result = screen(raw.toString().getBytes(StandardCharsets.UTF_8));

        assertEquals(Verdict.Kind.REJECT, result.verdict().kind());
        assertTrue(result.verdict().reason().contains("levels deep"), result.verdict().reason());
    }

    @Test
    void fiftyMegabyteMessageShouldBeScreenedInBoundedTime() {
        StringBuilder body = new StringBuilder(50 * 1024 * 1024 + 100);
        String line = "An ordinary line of an ordinary long report, nothing to see here at all.\r\n";
        while (body.length() < 50 * 1024 * 1024) {
            body.append(line);
        }
        byte[] raw = ("Subject: big\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        Screening result = screen(raw);

        assertEquals(Verdict.Kind.ACCEPT, result.verdict().kind(), result.findings().toString());
    }

    @Test
    void unknownCharsetShouldBeReadAsUtf8OrWindows1251() {
        String raw = "Subject: =?x-bogus?B?AAAA?=\r\nContent-Type: text/plain; charset=\"x-no-such-charset\"\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nЛучшее казино города\r\n";
        Screening result = screen(raw.getBytes(StandardCharsets.UTF_8));

        assertEquals(Verdict.Kind.QUARANTINE, result.verdict().kind(), result.findings().toString());
    }

    @Test
    void megabyteOfHtmlInOneLineShouldBeScreenedInBoundedTime() {
        StringBuilder html = new StringBuilder("<html><body>");
        while (html.length() < 1024 * 1024) {
            html.append("<span>plain words in a very long line</span> ");
        }
        html.append("<p>online casino</p></body></html>");
        Screening result = assertTimeoutPreemptively(BOUND, () -> SCREENER.screen(Screen.html("Hi", html.toString()), "t1"));

        assertEquals(Verdict.Kind.ACCEPT, result.verdict().kind(), "the casino lies past the screened 512 KB");
    }
}
