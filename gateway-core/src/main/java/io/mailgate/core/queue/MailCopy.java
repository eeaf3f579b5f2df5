package io.mailgate.core.queue;

import java.util.Collection;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;

/**
 * A copy of a mail, attributes and all, for some of its recipients, under a name of its own. James's
 * {@code MailImpl.duplicate} derives the copy's name from the original's and gives up after seven
 * generations ("Possible loop in config.xml"), which a message deferred again and again reaches:
 * it would end in the error repository instead of being delivered. The queue id attribute keeps
 * the log lines of all copies together.
 */
public final class MailCopy {

    private MailCopy() {
    }

    public static Mail of(Mail mail, Collection<MailAddress> recipients) throws MessagingException {
        MailImpl copy = MailImpl.duplicate(mail);
        copy.setName(MailImpl.getId());
        copy.setRecipients(recipients);
        return copy;
    }
}
