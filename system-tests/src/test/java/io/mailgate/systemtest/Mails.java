package io.mailgate.systemtest;

import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/** Sends mail the way a tenant's application does: with Jakarta Mail, STARTTLS and AUTH. */
final class Mails {

    private Mails() {
    }

    static Session session(String host, int port) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.trust", "*");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "30000");
        return Session.getInstance(properties);
    }

    static MimeMessage message(Session session, String from, String to, String subject, String body)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(body);
        message.saveChanges();
        return message;
    }

    static void send(Session session, MimeMessage message, String username, String password) throws MessagingException {
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(username, password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
