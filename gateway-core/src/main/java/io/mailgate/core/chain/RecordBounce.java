package io.mailgate.core.chain;

import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.queue.MailLogFormat;

/**
 * Writes the maillog line and counts a message that delivery gave up on, before the bounce
 * (DSN) to its sender is made. Takes no parameters.
 *
 * <pre>{@code <mailet match="All" class="RecordBounce"/>}</pre>
 */
final class RecordBounce extends GenericMailet {

    private static final Logger MAILLOG = LoggerFactory.getLogger("mailgate.maillog");

    private final GatewayMetrics metrics;

    RecordBounce(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** What RemoteDelivery saw (the next hop's reply), else what a stage's verdict said. */
    private static String reason(Mail mail) {
        return mail.getAttribute(Bouncer.DELIVERY_ERROR)
                .map(attribute -> String.valueOf(attribute.getValue().value()))
                .orElseGet(() -> String.valueOf(mail.getErrorMessage()))
                .replaceAll("\\s+", " ").trim();
    }

    @Override
    public void service(Mail mail) {
        metrics.bounced();
        MAILLOG.info("{}: to={}, status=bounced ({})", VerdictApplier.queueId(mail), MailLogFormat.recipients(mail),
                reason(mail));
    }
}
