package io.mailgate.core.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.MailgateAttributes;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.queue.InFlow;

/**
 * Puts an accepted message into the durable spool queue and only then answers 250: the queue
 * fsyncs the message before {@code enQueue} returns. Stamps the tenant and queue id on the mail
 * for the chain, and writes the maillog line of the acceptance; then, while the chain is behind,
 * holds the 250 back a little ({@link InFlow}). Replaces James's SendMailHandler.
 */
public final class EnqueueMessageHook implements JamesMessageHook {

    private static final Logger MAILLOG = LoggerFactory.getLogger("mailgate.maillog");

    private final MailQueueFactory<?> queues;
    private final GatewayMetrics metrics;
    private final InFlow inFlow;
    private MailQueue spool;

    @Inject
    public EnqueueMessageHook(MailQueueFactory<?> queues, GatewayMetrics metrics, InFlow inFlow) {
        this.queues = queues;
        this.metrics = metrics;
        this.inFlow = inFlow;
    }

    @Override
    public void init(Configuration config) {
        spool = queues.createQueue(MailQueueFactory.SPOOL);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        String tenantId = SessionTenant.get(session).orElse("");
        String queueId = mail.getName();
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        try {
            mail.setAttribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of(tenantId)));
            mail.setAttribute(new Attribute(MailgateAttributes.QUEUE_ID, AttributeValue.of(queueId)));
            String messageId = mail.getMessage().getMessageID();
            inFlow.mark(mail);
            spool.enQueue(mail);
            inFlow.queued();
            metrics.accepted();
            MAILLOG.info("{}: accepted client={} tenant={} from=<{}> size={} nrcpt={} message-id={}",
                    queueId, client, tenantId, mail.getMaybeSender().asString(), mail.getMessageSize(),
                    mail.getRecipients().size(), messageId);
        } catch (Exception e) {
            LoggerFactory.getLogger(EnqueueMessageHook.class).error("{}: could not queue the message", queueId, e);
            return Replies.defer("451", "4.3.0", "Error: queue file write error");
        }
        try {
            inFlow.pace();
        } catch (InterruptedException e) {
            // Stopping: the message is queued, the 250 goes out now.
            Thread.currentThread().interrupt();
        }
        return HookResult.builder()
                .hookReturnCode(HookReturnCode.ok())
                .smtpDescription("2.0.0 Ok: queued as " + queueId)
                .build();
    }

    @Override
    public void destroy() {
        try {
            spool.close();
        } catch (java.io.IOException e) {
            LoggerFactory.getLogger(EnqueueMessageHook.class).debug("closing the spool queue", e);
        }
    }
}
