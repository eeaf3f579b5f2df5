package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What providers send back to the feedback listener: bounces (DSNs) and complaints (ARF), and how they arrive. */
final class FeedbackReports {

    private FeedbackReports() {
    }

    /** Submits a report to the gateway's feedback listener; answers the reply to its DATA. */
    static String send(GatewayFixture fixture, String sender, String recipient, String report) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(fixture.feedback())) {
            smtp.read();
            assertEquals(250, smtp.command("EHLO mx.provider.example").code());
            assertEquals(250, smtp.command("MAIL FROM:<" + sender + ">").code());
            SmtpClient.Reply rcpt = smtp.command("RCPT TO:<" + recipient + ">");
            assertEquals(250, rcpt.code(), rcpt.text());
            assertEquals(354, smtp.command("DATA").code());
            return smtp.command(report.replace("\n", "\r\n") + "\r\n.").text();
        }
    }

    /** A DSN (RFC 3464) from the recipient's provider: the mailbox does not exist (5.1.1). */
    static String dsn(String returnPath, String feedbackId, String recipient) {
        return """
                From: MAILER-DAEMON@mx.provider.example
                To: %1$s
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                The mail system: <%3$s>: host mx.provider.example said: 550 5.1.1 user unknown

                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.provider.example

                Final-Recipient: rfc822; %3$s
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <%3$s>: Recipient address rejected: User unknown

                --b1
                Content-Type: text/rfc822-headers

                Return-Path: <%1$s>
                From: news@acme.test
                Subject: Issue 1
                Feedback-ID: %2$s

                --b1--""".formatted(returnPath, feedbackId, recipient);
    }

    /** An ARF complaint (RFC 5965) from a provider's feedback loop; {@code feedbackId} empty: no Feedback-ID header. */
    static String arf(String returnPath, String feedbackId, String recipient) {
        return """
                From: fbl@provider.example
                To: abuse@bounces.gateway.test
                Subject: FW: Issue 1
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

                --b2
                Content-Type: text/plain

                This is an email abuse report for an email message received from IP 192.0.2.25.

                --b2
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: ProviderFBL/1.0
                Version: 1
                Original-Mail-From: <%1$s>
                Original-Rcpt-To: <%3$s>
                Arrival-Date: Wed, 25 Nov 2026 10:00:00 +0000

                --b2
                Content-Type: message/rfc822

                Return-Path: <%1$s>
                From: news@acme.test
                To: %3$s
                Subject: Issue 1
                %4$s
                This week.

                --b2--""".formatted(returnPath, feedbackId, recipient,
                        feedbackId.isEmpty() ? "" : "Feedback-ID: " + feedbackId + "\n");
    }
}
