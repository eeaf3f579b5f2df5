package io.mailgate.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;

import io.mailgate.api.MailgateAttributes;

/** The messages the benchmarks work on: a plain 5 KB message, like the load scripts send. */
final class Messages {

    static final Session SESSION = Session.getInstance(new Properties());

    private Messages() {
    }

    static byte[] fiveKilobytes() {
        return ofSize(5120);
    }

    /** A plain text message of about {@code size} bytes, from the acme.test tenant. */
    static byte[] ofSize(int size) {
        StringBuilder text = new StringBuilder()
                .append("From: news@acme.test\r\n")
                .append("To: reader@example.org\r\n")
                .append("Subject: Benchmark message\r\n")
                .append("Date: Wed, 25 Nov 2026 12:00:00 +0000\r\n")
                .append("Message-ID: <bench-1@acme.test>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n")
                .append("\r\n");
        String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
        while (text.length() < size) {
            text.append(line);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static MimeMessage parse(byte[] bytes) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    /** A mail of the tenant {@code acme} in the chain, as the gateway hands it to stages. */
    static MailImpl tenantMail(String name, byte[] bytes) throws MessagingException {
        MailImpl mail = mail(name, bytes);
        mail.setAttribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of("acme")));
        return mail;
    }

    static MailImpl mail(String name, byte[] bytes) throws MessagingException {
        return MailImpl.builder()
                .name(name)
                .sender(new MailAddress("news@acme.test"))
                .addRecipient(new MailAddress("reader@example.org"))
                .mimeMessage(parse(bytes))
                .build();
    }
}
