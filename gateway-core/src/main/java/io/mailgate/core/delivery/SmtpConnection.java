package io.mailgate.core.delivery;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.URLName;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;
import com.sun.mail.smtp.SMTPTransport;

import io.mailgate.core.delivery.NextHops.Hop;

/**
 * One SMTP connection to a next hop, kept open for the messages that follow (Jakarta Mail's
 * SMTPTransport, made directly: {@code Session.getTransport} would scan the class path every time).
 * One thread uses it at a time: the pool hands it to one delivery, then takes it back.
 */
final class SmtpConnection implements AutoCloseable {

    /** The connection broke (or never answered) before the transaction ended; nothing is known. */
    static final class Broken extends Exception {
        Broken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Hop hop;
    private final Session session;
    private final SMTPTransport transport;
    private final long openedNanos = System.nanoTime();
    private long lastUsedNanos = openedNanos;
    private int transactions;

    private SmtpConnection(Hop hop, Session session, SMTPTransport transport) {
        this.hop = hop;
        this.session = session;
        this.transport = transport;
    }

    /** Connects, greets and says EHLO (STARTTLS when the hop offers it, per {@code settings}). */
    static SmtpConnection open(Hop hop, Properties settings) throws Broken {
        Session session = Session.getInstance(new Properties(settings));
        SMTPTransport transport = new SMTPTransport(session, new URLName("smtp", null, -1, null, null, null));
        try {
            transport.connect(hop.address().getAddress().getHostAddress(), hop.address().getPort(), null, null);
        } catch (MessagingException e) {
            throw new Broken("connect to " + hop + " failed: " + describe(e), e);
        }
        return new SmtpConnection(hop, session, transport);
    }

    Hop hop() {
        return hop;
    }

    int transactions() {
        return transactions;
    }

    long openedNanos() {
        return openedNanos;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    boolean isOpen() {
        return transport.isConnected();
    }

    /**
     * One mail transaction: MAIL FROM, RCPT TO for each recipient, DATA. Answers the next hop's
     * verdict for every recipient; throws {@link Broken} when the connection failed first.
     */
    Map<MailAddress, Outcome> send(MimeMessage message, MaybeSender sender, List<MailAddress> recipients) throws Broken {
        transactions++;
        lastUsedNanos = System.nanoTime();
        session.getProperties().setProperty("mail.smtp.from", sender.isNullSender() ? "<>" : sender.get().asString());
        Address[] to = new Address[recipients.size()];
        Map<String, MailAddress> byAddress = new HashMap<>();
        for (int i = 0; i < to.length; i++) {
            to[i] = recipients.get(i).toInternetAddress().orElseThrow();
            byAddress.put(((InternetAddress) to[i]).getAddress(), recipients.get(i));
        }
        Map<MailAddress, Outcome> outcomes = new HashMap<>();
        String relay = hop.toString();
        boolean tls = transport.isSSL(); // settled when the connection opened (STARTTLS)
        try {
            transport.sendMessage(message, to);
            Outcome delivered = Outcome.ofReply(250, transport.getLastServerResponse(), relay, tls);
            recipients.forEach(recipient -> outcomes.put(recipient, delivered));
            return outcomes;
        } catch (SendFailedException e) {
            if (e.getNextException() instanceof IOException) {
                throw new Broken("the connection to " + hop + " broke: " + describe(e), e);
            }
            // Recipients refused one by one at RCPT TO.
            for (Exception next = e.getNextException(); next instanceof SMTPAddressFailedException refused;
                 next = refused.getNextException()) {
                MailAddress recipient = byAddress.get(refused.getAddress().getAddress());
                if (recipient != null) {
                    outcomes.put(recipient, Outcome.ofReply(refused.getReturnCode(), refused.getMessage(), relay, tls));
                }
            }
            if (e.getValidSentAddresses() != null) {
                Outcome delivered = Outcome.ofReply(250, transport.getLastServerResponse(), relay, tls);
                for (Address sent : e.getValidSentAddresses()) {
                    outcomes.put(byAddress.get(((InternetAddress) sent).getAddress()), delivered);
                }
            }
            // The rest shares the transaction's fate: MAIL FROM or DATA refused, with that reply.
            Outcome rest = e instanceof SMTPSendFailedException failed && failed.getReturnCode() > 0
                    ? Outcome.ofReply(failed.getReturnCode(), failed.getMessage(), relay, tls)
                    : Outcome.temporary("451 4.3.0 " + describe(e), relay);
            recipients.forEach(recipient -> outcomes.putIfAbsent(recipient, rest));
            return outcomes;
        } catch (MessagingException e) {
            throw new Broken("the transaction with " + hop + " failed: " + describe(e), e);
        }
    }

    /** Ends the session politely (QUIT); a hop that is gone already is fine. */
    @Override
    public void close() {
        try {
            transport.close();
        } catch (MessagingException e) {
            // Closing anyway.
        }
    }

    private static String describe(MessagingException e) {
        Exception next = e.getNextException();
        String text = next != null && next.getMessage() != null ? next.getMessage() : e.getMessage();
        return text == null ? e.getClass().getSimpleName() : text.replaceAll("\\s+", " ").strip();
    }
}
