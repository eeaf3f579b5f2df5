package io.mailgate.plugin.auth;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;

import io.mailgate.api.MailgateAttributes;

/** Messages as the gateway hands them over: parsed from the bytes that came in. */
final class TestMails {

    static final String TENANT = "acme";
    static final String BODY = "Hello,\r\n\r\nthe autumn sale starts today.\r\n";

    private TestMails() {
    }

    static String message(String from) {
        return "From: " + from + "\r\n"
                + "To: alice@example.org\r\n"
                + "Subject: Autumn sale\r\n"
                + "Message-ID: <1@acme.example>\r\n"
                + "\r\n"
                + BODY;
    }

    static MimeMessage parse(String raw) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    /** A mail of the tenant {@value #TENANT} in the chain. */
    static Mail mail(String sender, String raw, String... recipients) throws MessagingException {
        FakeMail.Builder builder = FakeMail.builder()
                .name("mail-1")
                .mimeMessage(parse(raw))
                .recipients(recipients)
                .attribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of(TENANT)));
        return sender == null ? builder.build() : builder.sender(sender).build();
    }
}
