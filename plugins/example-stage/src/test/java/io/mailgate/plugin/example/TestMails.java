package io.mailgate.plugin.example;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;

/** The mail the tests hand to the stage, as the gateway does: a MimeMessage parsed from the bytes that came in. */
final class TestMails {

    private TestMails() {
    }

    static Mail plain() throws MessagingException {
        String raw = "From: sender@example.com\r\n"
                + "To: rcpt@example.org\r\n"
                + "Subject: test\r\n"
                + "Message-ID: <1@example.com>\r\n"
                + "\r\n"
                + "Hello.\r\n";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        return FakeMail.builder()
                .name("mail-1")
                .mimeMessage(message)
                .sender("sender@example.com")
                .recipient("rcpt@example.org")
                .build();
    }
}
