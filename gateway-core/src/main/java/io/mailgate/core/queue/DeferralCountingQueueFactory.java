package io.mailgate.core.queue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.core.metrics.GatewayMetrics;

/**
 * The mail queues, with one thing observed: RemoteDelivery puts a message back into its outgoing
 * queue with a delay exactly when an attempt failed temporarily. That is counted as a deferral
 * and written to the maillog. Every other queue is handed out untouched.
 */
public final class DeferralCountingQueueFactory implements MailQueueFactory<MailQueue> {

    private static final Logger MAILLOG = LoggerFactory.getLogger("mailgate.maillog");

    private final MailQueueFactory<? extends MailQueue> queues;
    private final MailQueueName outgoing;
    private final GatewayMetrics metrics;

    public DeferralCountingQueueFactory(MailQueueFactory<? extends MailQueue> queues, MailQueueName outgoing,
                                        GatewayMetrics metrics) {
        this.queues = queues;
        this.outgoing = outgoing;
        this.metrics = metrics;
    }

    @Override
    public Optional<MailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return queues.getQueue(name, count).map(queue -> observe(name, queue));
    }

    @Override
    public MailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return observe(name, queues.createQueue(name, count));
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return queues.listCreatedMailQueues();
    }

    private MailQueue observe(MailQueueName name, MailQueue queue) {
        return name.equals(outgoing) ? new Observed(queue) : queue;
    }

    private final class Observed implements MailQueue {
        private final MailQueue queue;

        Observed(MailQueue queue) {
            this.queue = queue;
        }

        @Override
        public MailQueueName getName() {
            return queue.getName();
        }

        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            queue.enQueue(mail, delay);
            if (!delay.isZero()) {
                metrics.deferred();
                MAILLOG.info("{}: to={}, status=deferred ({}), retry in {}s", mail.getName(),
                        MailLogFormat.recipients(mail), mail.getErrorMessage(), delay.toSeconds());
            }
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            queue.enQueue(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return queue.enqueueReactive(mail);
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return queue.deQueue();
        }

        @Override
        public void close() throws IOException {
            queue.close();
        }
    }
}
