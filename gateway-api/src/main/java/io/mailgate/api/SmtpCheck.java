package io.mailgate.api;

import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

/**
 * A check that answers during the SMTP session, before the message is accepted. A stage that must
 * refuse at MAIL FROM, RCPT TO or the end of DATA registers one as an OSGi service beside its
 * mailet, with the same {@code mailgate.stage} property: it names the check in the journal, and
 * the gateway calls a check only while the chain names its stage. It calls them in service-ranking
 * order, turns the first verdict that is not an accept into the reply and journals it:
 * <ul>
 * <li>MAIL FROM: {@code REJECT} gives 553 5.7.1, {@code DEFER} 450 4.7.1;</li>
 * <li>RCPT TO and end of DATA: {@code REJECT} (or any refusal) gives 550 5.7.1, {@code DEFER} 450 4.7.1.</li>
 * </ul>
 *
 * <p>Checks run on the SMTP server's I/O thread: they must be fast (memory lookups, cached DNS)
 * and must never block on the network. A check that cannot decide (a store down, a DNS timeout)
 * answers {@link Verdict#defer}, never accept.
 *
 * <p>A check is an early answer, not the enforcement: the stage in the chain must decide the same
 * again, because mail accepted while the plugin was away still meets the stage (fail closed).
 */
public interface SmtpCheck {

    /** Who is sending, as far as the session knows it. */
    record Session(String tenantId, String remoteAddress, String helo) {
    }

    /** {@code sender} is null for the null reverse-path {@code <>}. */
    default Verdict onMailFrom(Session session, MailAddress sender) {
        return Verdict.accept();
    }

    default Verdict onRecipient(Session session, MailAddress sender, MailAddress recipient) {
        return Verdict.accept();
    }

    /**
     * The whole message, at the end of DATA, before the 250. {@code recipients} are the ones
     * accepted at RCPT. The check must not change the message.
     */
    default Verdict onMessage(Session session, MailAddress sender, List<MailAddress> recipients, MimeMessage message) {
        return Verdict.accept();
    }
}
