package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.mailgate.core.store.JournalStore;

/**
 * Issue 7, point 1: unsubscribes, bounces and complaints come back in and stop the next send. The
 * unsubscribe goes through the REST API, the bounce is a real DSN (RFC 3464) sent to the VERP return
 * path the first message went out with, the complaint a real ARF report (RFC 5965) sent to abuse@
 * of the bounce domain; the feedback listener reads both before its 250.
 */
class FeedbackTest extends SystemTest {

    private static final String LIST = "news";

    @Test
    void unsubscribeBounceAndComplaintShouldStopTheNextSendForThoseThreeOnly() throws Exception {
        String tenantId = start(Map.of());
        List<String> readers = List.of("ann@example.org", "bob@example.org", "cat@example.org", "dan@example.org");

        send("Issue 1", readers);
        // List mail goes out as one copy per recipient, each with its own unsubscribe link (REQ-1).
        List<SmtpSink.Received> first = sink.awaitMessages(4, Duration.ofSeconds(30));
        assertEquals(4, first.size());
        assertEquals(Set.copyOf(readers), first.stream().flatMap(m -> m.recipients().stream()).collect(Collectors.toSet()));
        String returnPath = first.get(0).sender();
        String feedbackId = first.get(0).header("Feedback-ID");
        assertTrue(returnPath.startsWith("bounce+") && returnPath.endsWith("@bounces.gateway.test"), returnPath);

        // ann unsubscribes from the list, over REST.
        HttpResponse<String> unsubscribed = rest("POST", "/api/v1/tenants/" + tenantId + "/suppressions",
                "{\"address\":\"ann@example.org\",\"reason\":\"unsubscribe\",\"resource\":\"" + LIST + "\"}");
        assertEquals(201, unsubscribed.statusCode(), unsubscribed.body());

        // bob's mailbox does not exist: his provider's DSN comes back to the return path.
        assertEquals("250 2.0.0 Ok: 1 report(s) read, 1 address(es) suppressed",
                FeedbackReports.send(fixture, "", returnPath,
                        FeedbackReports.dsn(returnPath, feedbackId, "bob@example.org")));

        // cat complains: the provider's feedback loop sends an ARF report to abuse@.
        assertEquals("250 2.0.0 Ok: 1 report(s) read, 1 address(es) suppressed",
                FeedbackReports.send(fixture, "fbl@provider.example", "abuse@bounces.gateway.test",
                        FeedbackReports.arf(returnPath, feedbackId, "cat@example.org")));

        // The next send: bob (gateway-wide) and cat (the tenant's) are refused at RCPT, ann (the
        // list's) is skipped in the chain, dan gets it.
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            assertEquals(250, smtp.command("RCPT TO:<ann@example.org>").code());
            assertEquals("550 5.7.1 <bob@example.org>: Recipient address rejected: the address does not exist (hard bounce) (SUP-2)",
                    smtp.command("RCPT TO:<bob@example.org>").text());
            assertEquals("550 5.7.1 <cat@example.org>: Recipient address rejected: the recipient complained about this"
                    + " sender's mail (SUP-3)", smtp.command("RCPT TO:<cat@example.org>").text());
            assertEquals(250, smtp.command("RCPT TO:<dan@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            assertEquals(250, smtp.command("From: news@acme.test\r\nSubject: Issue 2\r\nX-Mailgate-Resource: " + LIST
                    + "\r\n\r\nThis week.\r\n.").code());
        }
        List<SmtpSink.Received> second = sink.awaitMessages(5, Duration.ofSeconds(30));
        assertEquals(5, second.size());
        assertEquals(List.of("dan@example.org"), second.get(4).recipients(), "only dan");
        assertEquals(null, second.get(4).header("X-Mailgate-Resource"), "control headers stay inside");

        fixture.gateway.journal().flush();
        Set<String> why = fixture.gateway.journal().query(new JournalStore.Filter(tenantId, null, null), null, 100)
                .entries().stream().map(JournalStore.StoredEntry::entry)
                .map(e -> e.recipient() + " " + e.stage() + " " + e.verdict() + " " + e.policyId())
                .collect(Collectors.toSet());
        assertTrue(why.containsAll(Set.of(
                "bob@example.org feedback SKIP_RECIPIENT SUP-2",
                "cat@example.org feedback SKIP_RECIPIENT SUP-3",
                "ann@example.org suppression SKIP_RECIPIENT SUP-1",
                "bob@example.org suppression REJECT SUP-2",
                "cat@example.org suppression REJECT SUP-3")), why.toString());
    }

    @Test
    void forgedTokensUnreadableReportsAndOtherDomainsShouldGetClearRefusals() throws Exception {
        start(Map.of());
        send("Issue 1", List.of("ann@example.org"));
        String returnPath = sink.awaitMessages(1, Duration.ofSeconds(30)).get(0).sender();
        String local = returnPath.substring(0, returnPath.indexOf('@'));
        // A character inside the signature, not the last one (whose low bits may be padding).
        int at = local.length() - 3;
        String forged = local.substring(0, at) + (local.charAt(at) == 'a' ? 'b' : 'a') + local.substring(at + 1)
                + "@bounces.gateway.test";

        try (SmtpClient smtp = SmtpClient.connect(fixture.feedback())) {
            smtp.read();
            assertEquals(250, smtp.command("EHLO mx.provider.example").code());
            assertEquals(250, smtp.command("MAIL FROM:<>").code());
            SmtpClient.Reply relay = smtp.command("RCPT TO:<someone@example.org>");
            assertEquals("554 5.7.1 <someone@example.org>: Relay access denied", relay.text());
            SmtpClient.Reply bad = smtp.command("RCPT TO:<" + forged + ">");
            assertEquals(550, bad.code(), bad.text());
            assertTrue(bad.text().contains("signature does not match"), bad.text());
            assertEquals(250, smtp.command("RCPT TO:<" + returnPath + ">").code());
            assertEquals(354, smtp.command("DATA").code());
            SmtpClient.Reply unreadable = smtp.command("Subject: hello\r\n\r\nJust chatting.\r\n.");
            assertEquals(550, unreadable.code(), unreadable.text());
            assertTrue(unreadable.text().startsWith("550 5.6.0 Cannot read the report: unparseable: "), unreadable.text());
        }
        assertEquals(0, fixture.gateway.suppressions().size(), "nothing suppressed");
    }

    private void send(String subject, List<String> recipients) throws Exception {
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            for (String recipient : recipients) {
                assertEquals(250, smtp.command("RCPT TO:<" + recipient + ">").code());
            }
            assertEquals(354, smtp.command("DATA").code());
            assertEquals(250, smtp.command("From: news@acme.test\r\nSubject: " + subject + "\r\nX-Mailgate-Resource: " + LIST
                    + "\r\n\r\nThis week.\r\n.").code());
        }
    }

    /** Sends one report to the feedback listener; returns the reply to its DATA. */

    private HttpResponse<String> rest(String method, String path, String json) throws Exception {
        return AdminApi.call(fixture, method, path, "application/json", json);
    }
}
