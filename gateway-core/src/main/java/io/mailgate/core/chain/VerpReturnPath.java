package io.mailgate.core.chain;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.mailgate.api.MailgateAttributes;
import io.mailgate.core.feedback.ReturnPaths;

/**
 * Gives a tenant's message the gateway's return path: the envelope sender becomes
 * {@code bounce+<token>@<bounce-domain>} (VERP) and a {@code Feedback-ID} header names the message,
 * so that its bounces and complaints come back to the feedback listener. The tenant's own sender is
 * kept in an attribute: a bounce made here goes to it ({@link RecordBounce} puts it back). Mail
 * with the null sender (a DSN) is left as it is. Place it before {@code stage:dkim-sign}, which
 * then signs the header too. Takes no parameters.
 *
 * <pre>{@code <mailet match="All" class="VerpReturnPath"/>}</pre>
 */
final class VerpReturnPath extends GenericMailet {

    static final AttributeName ORIGINAL_SENDER = AttributeName.of("mailgate.original-sender");

    private final ReturnPaths returnPaths;

    VerpReturnPath(ReturnPaths returnPaths) {
        this.returnPaths = returnPaths;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String tenantId = MailgateAttributes.tenantId(mail).orElse("");
        if (mail.getMaybeSender().isNullSender() || tenantId.isEmpty()) {
            return;
        }
        mail.setAttribute(new Attribute(ORIGINAL_SENDER, AttributeValue.of(mail.getMaybeSender().asString())));
        mail.getMessage().setHeader("Feedback-ID", ReturnPaths.feedbackId(MailgateAttributes.queueId(mail), tenantId));
        mail.getMessage().saveChanges();
        setSender(mail, new MailAddress(returnPaths.returnPath(tenantId)));
    }

    /** The mailet API reads the sender only; the container's mails are MailImpl, which can set it. */
    static void setSender(Mail mail, MailAddress sender) throws MessagingException {
        if (!(mail instanceof MailImpl impl)) {
            throw new MessagingException("cannot set the sender of a " + mail.getClass().getName());
        }
        impl.setSender(sender);
    }

    /** The sender the tenant gave, when this mailet replaced it. */
    static Optional<MailAddress> originalSender(Mail mail) {
        return mail.getAttribute(ORIGINAL_SENDER).map(attribute -> {
            try {
                return new MailAddress(String.valueOf(attribute.getValue().value()));
            } catch (javax.mail.internet.AddressException e) {
                return null;
            }
        });
    }
}
