package io.mailgate.core.chain;

import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.MailgateAttributes;
import io.mailgate.core.feedback.FeedbackApplier;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.feedback.Feedback;
import io.mailgate.feedback.FeedbackResult;
import io.mailgate.core.queue.MailLogFormat;

/**
 * Writes the maillog line and counts a message that delivery gave up on, before the bounce
 * (DSN) to its sender is made. Puts back the tenant's own sender where {@link VerpReturnPath}
 * replaced it, so that the DSN goes to the tenant. A refusal by the next hop counts as feedback,
 * the same as a DSN with that reply would (SUP-2: a hard bounce suppresses the address).
 * Takes no parameters.
 *
 * <pre>{@code <mailet match="All" class="RecordBounce"/>}</pre>
 */
final class RecordBounce extends GenericMailet {

    private static final Logger MAILLOG = LoggerFactory.getLogger("mailgate.maillog");

    private final GatewayMetrics metrics;
    private final FeedbackApplier feedback;

    RecordBounce(GatewayMetrics metrics, FeedbackApplier feedback) {
        this.metrics = metrics;
        this.feedback = feedback;
    }

    /** What delivery saw (the next hop's reply), else what a stage's verdict said. */
    private static String reason(Mail mail) {
        return mail.getAttribute(Bouncer.DELIVERY_ERROR)
                .map(attribute -> String.valueOf(attribute.getValue().value()))
                .orElseGet(() -> String.valueOf(mail.getErrorMessage()))
                .replaceAll("\\s+", " ").trim();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        metrics.bounced();
        String queueId = MailgateAttributes.queueId(mail);
        MAILLOG.info("{}: to={}, status=bounced ({})", queueId, MailLogFormat.recipients(mail), reason(mail));
        Optional<MailAddress> tenantSender = VerpReturnPath.originalSender(mail);
        if (tenantSender.isPresent()) {
            VerpReturnPath.setSender(mail, tenantSender.get());
        }
        if (mail.getAttribute(Bouncer.DELIVERY_ERROR).isPresent()) {
            List<FeedbackResult> results = mail.getRecipients().stream()
                    .map(recipient -> Feedback.classifyReply(recipient.asString(), reason(mail))).toList();
            feedback.apply(MailgateAttributes.tenantId(mail).orElse(""), queueId, results, "smtp-reply");
        }
        // The DSN that follows is made from this mail, attributes and all; it is the gateway's own
        // mail, not the tenant's, and must not meet the tenant's policy stages again.
        mail.removeAttribute(MailgateAttributes.TENANT_ID);
    }
}
