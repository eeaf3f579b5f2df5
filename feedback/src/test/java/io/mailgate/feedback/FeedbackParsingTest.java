package io.mailgate.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made messages: each format once, and the ways input can be broken. */
class FeedbackParsingTest {

    private static List<FeedbackResult> classify(String message) {
        return Feedback.classify(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final String DSN = """
            From: MAILER-DAEMON@mx.example.org
            To: sender@example.com
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Your message could not be delivered.

            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; gone@example.net
            Original-Recipient: rfc822; Gone@example.net
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mx.example.net
            Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: Recipient address
              rejected: User unknown in local recipient table

            Final-Recipient: rfc822; full@example.net
            Action: failed
            Status: 5.2.2
            Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

            Final-Recipient: rfc822; later@example.net
            Action: delayed
            Status: 4.4.7
            Diagnostic-Code: smtp; 451 4.4.7 delivery time expired

            --b1
            Content-Type: text/rfc822-headers

            From: sender@example.com
            To: gone@example.net
            Subject: hello

            --b1--
            """;

    @Test
    void readsEveryRecipientOfADsn() {
        List<FeedbackResult> results = classify(DSN);
        assertEquals(3, results.size(), Feedback.toJsonLines(results));

        FeedbackResult gone = results.get(0);
        assertEquals("dsn", gone.kind());
        assertEquals("gone@example.net", gone.recipient());
        assertEquals("5.1.1", gone.status());
        assertEquals("550", gone.replyCode());
        assertEquals("userunknown", gone.reason());
        assertTrue(gone.hardBounce());
        assertTrue(gone.permanent());
        assertTrue(gone.diagnostic().contains("User unknown in local recipient table"), gone.diagnostic());

        FeedbackResult full = results.get(1);
        assertEquals("mailboxfull", full.reason());
        assertFalse(full.hardBounce(), "a full mailbox is soft even with 5.2.2");
        assertTrue(full.permanent());

        assertEquals("expired", results.get(2).reason());
        assertFalse(results.get(2).permanent());
    }

    @Test
    void readsLfAndCrLfAlike() {
        assertEquals(classify(DSN), classify(DSN.replace("\n", "\r\n")));
    }

    @Test
    void readsAnArfReportWithSeveralRecipients() {
        String arf = """
                From: fbl@isp.example
                To: abuse@sender.example
                Subject: Abuse Report
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="arf"

                --arf
                Content-Type: text/plain

                This is an email abuse report.

                --arf
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: SomeGenerator/1.0
                Version: 1
                Original-Mail-From: <bounce+abc@sender.example>
                Original-Rcpt-To: <one@isp.example>
                Original-Rcpt-To: <two@isp.example>

                --arf
                Content-Type: message/rfc822

                From: news@sender.example
                To: one@isp.example
                Subject: offer

                Buy now.
                --arf--
                """;
        List<FeedbackResult> results = classify(arf);
        assertEquals(2, results.size());
        for (FeedbackResult r : results) {
            assertEquals("arf", r.kind());
            assertEquals("feedback", r.reason());
            assertEquals("abuse", r.feedbackType());
            assertTrue(r.isComplaint());
            assertFalse(r.hardBounce());
            assertEquals("", r.status());
        }
        assertEquals("one@isp.example", results.get(0).recipient());
        assertEquals("two@isp.example", results.get(1).recipient());
    }

    @Test
    void readsAnAutoReply() {
        String reply = """
                From: Away Person <away@example.net>
                To: sender@example.com
                Subject: Out of office: hello
                Auto-Submitted: auto-replied

                I am away until Monday.
                """;
        List<FeedbackResult> results = classify(reply);
        assertEquals(1, results.size());
        assertEquals("vacation", results.get(0).reason());
        assertEquals("away@example.net", results.get(0).recipient());
        assertFalse(results.get(0).hardBounce());
    }

    @Test
    void readsAPlainTextBounce() {
        String qmail = """
                From: MAILER-DAEMON@mx.example.org
                To: sender@example.com
                Subject: failure notice

                Hi. This is the qmail-send program at mx.example.org.
                I'm afraid I wasn't able to deliver your message to the following addresses.
                This is a permanent error; I've given up. Sorry it didn't work out.

                <nobody@example.net>:
                192.0.2.1 does not like recipient.
                Remote host said: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown

                --- Below this line is a copy of the message.

                Return-Path: <sender@example.com>
                To: nobody@example.net
                """;
        List<FeedbackResult> results = classify(qmail);
        assertEquals(1, results.size());
        assertEquals("mta-text", results.get(0).kind());
        assertEquals("nobody@example.net", results.get(0).recipient());
        assertEquals("5.1.1", results.get(0).status());
        assertEquals("550", results.get(0).replyCode());
        assertTrue(results.get(0).hardBounce());
    }

    @Test
    void readsBytesThatAreNotUtf8() {
        byte[] latin1 = ("From: MAILER-DAEMON@mx.example.org\nSubject: Unzustellbar\n"
                + "Content-Type: text/plain; charset=iso-8859-1\n\n"
                + "Ihre Nachricht an <m\u00fcller@example.net> konnte nicht zugestellt werden:\n"
                + "  <mueller@example.net>: 550 5.1.1 unbekannter Empf\u00e4nger, user unknown\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        List<FeedbackResult> results = Feedback.classify(latin1);
        assertEquals("userunknown", results.get(0).reason());
    }

    @Test
    void malformedInputGivesAReasonNotAnException() {
        assertUnparseable(Feedback.classify(null), "empty input");
        assertUnparseable(Feedback.classify(new byte[0]), "empty input");
        assertUnparseable(classify("just some words without any header\n"), "");
        assertUnparseable(classify("From: friend@example.com\nSubject: lunch?\n\nSee you at noon.\n"),
                "no delivery report");
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        List<FeedbackResult> noise = Feedback.classify(binary);
        assertEquals(1, noise.size());
        assertTrue(noise.get(0).isUnparseable(), noise.get(0).toJson());
    }

    @Test
    void truncatedReportsStillGiveAResult() {
        for (int length = 0; length < DSN.length(); length += 37) {
            List<FeedbackResult> results = classify(DSN.substring(0, length));
            assertFalse(results.isEmpty(), "length " + length);
            for (FeedbackResult r : results) {
                assertTrue(r.isUnparseable() ? r.diagnostic().startsWith("unparseable: ") : !r.reason().isEmpty());
            }
        }
    }

    @Test
    void aMultipartWithoutItsBoundaryIsReadAsText() {
        String broken = """
                From: MAILER-DAEMON@mx.example.org
                Subject: Returned mail: see transcript for details
                Content-Type: multipart/report; boundary="never-used"

                ----- The following addresses had permanent fatal errors -----
                <nobody@example.net>
                    (reason: 550 5.1.1 <nobody@example.net>... User unknown)
                """;
        List<FeedbackResult> results = classify(broken);
        assertEquals("userunknown", results.get(0).reason(), results.get(0).toJson());
    }

    @Test
    void printsJsonLines() {
        FeedbackResult r = new FeedbackResult("dsn", "a@b.c", "5.1.1", "550", "userunknown", true, true, "",
                "say \"no\"\n");
        assertEquals("{\"kind\":\"dsn\",\"recipient\":\"a@b.c\",\"status\":\"5.1.1\",\"replycode\":\"550\","
                + "\"reason\":\"userunknown\",\"hardbounce\":true,\"permanent\":true,\"feedbacktype\":\"\","
                + "\"diagnostic\":\"say \\\"no\\\"\\n\"}", r.toJson());
    }

    private static void assertUnparseable(List<FeedbackResult> results, String why) {
        assertEquals(1, results.size(), Feedback.toJsonLines(results));
        FeedbackResult r = results.get(0);
        assertTrue(r.isUnparseable(), r.toJson());
        assertTrue(r.diagnostic().startsWith("unparseable: " + why), r.diagnostic());
    }

    @Test
    void aNextHopsReplyShouldBeClassifiedLikeTheDsnThatWouldCarryIt() {
        FeedbackResult gone = Feedback.classifyReply("gone@example.org",
                "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown");
        org.junit.jupiter.api.Assertions.assertEquals("userunknown", gone.reason());
        org.junit.jupiter.api.Assertions.assertTrue(gone.hardBounce());
        org.junit.jupiter.api.Assertions.assertEquals("5.1.1", gone.status());
        FeedbackResult full = Feedback.classifyReply("full@example.org", "452 4.2.2 Mailbox full");
        org.junit.jupiter.api.Assertions.assertEquals("mailboxfull", full.reason());
        org.junit.jupiter.api.Assertions.assertFalse(full.hardBounce());
    }
}
