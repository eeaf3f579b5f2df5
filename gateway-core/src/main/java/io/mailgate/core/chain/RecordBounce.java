package io.mailgate.core.chain;

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

    @Override
    public void service(Mail mail) {
        metrics.bounced();
        MAILLOG.info("{}: to={}, status=bounced ({})", VerdictApplier.queueId(mail), MailLogFormat.recipients(mail),
                mail.getErrorMessage());
    }
}
