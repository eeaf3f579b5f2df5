package io.mailgate.api;

import org.apache.james.core.MailAddress;

/**
 * A check that answers during the SMTP session, before the message is accepted. A stage that must
 * refuse at MAIL FROM or RCPT TO registers one as an OSGi service beside its mailet; the gateway
 * calls every registered check in service-ranking order and turns the first verdict that is not an
 * accept into the reply ({@code REJECT} gives 5.7.1, {@code DEFER} 4.7.1).
 *
 * <p>Checks run on the SMTP server's I/O thread: they must be fast (memory lookups, cached DNS)
 * and must never block on the network. A check that cannot decide (a store down) answers
 * {@link Verdict#defer}, never accept.
 */
public interface SmtpCheck {

    /** Who is sending, as far as the session knows it. */
    record Session(String tenantId, String remoteAddress, String helo) {
    }

    default Verdict onMailFrom(Session session, MailAddress sender) {
        return Verdict.accept();
    }

    default Verdict onRecipient(Session session, MailAddress sender, MailAddress recipient) {
        return Verdict.accept();
    }
}
