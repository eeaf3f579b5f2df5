package io.mailgate.core.queue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;

/**
 * Postfix's {@code in_flow_delay}: when the chain falls behind the SMTP side, the 250 for a new
 * message waits (at most {@code maxDelay}) until the chain has taken another message from the
 * spool, so that clients send at the pace the gateway delivers instead of filling the spool, and
 * the time from 250 to delivery stays short. The message is already on disk while its client waits.
 *
 * <p>Behind means: more than {@value #BACKLOG} accepted messages wait in the spool for their first
 * pass through the chain (a message held or deferred on purpose does not count). Postfix counts
 * the same way, with a token per message its queue manager takes in.
 */
public final class InFlow {

    /** On a message from its 250 to its first dequeue (a Boolean): it counts in the backlog. */
    static final AttributeName FRESH = AttributeName.of("mailgate.in-flow");
    /** Enough for a few dozen sessions sending at once; at a few ms of chain per message, well under a second of wait. */
    static final int BACKLOG = 50;

    private final long maxDelayNanos;
    private final AtomicLong backlog = new AtomicLong();
    private final Object dequeues = new Object();

    /** @param maxDelay the longest a 250 waits; zero turns the pacing off */
    public InFlow(Duration maxDelay) {
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /** Marks a message about to go into the spool after its DATA. */
    public void mark(Mail mail) {
        mail.setAttribute(new Attribute(FRESH, AttributeValue.of(true)));
    }

    /** Counts a marked message that is in the spool now. */
    public void queued() {
        backlog.incrementAndGet();
    }

    /** Waits while the chain is behind, at most the configured delay; answers how long it waited (ms). */
    public long pace() throws InterruptedException {
        long start = System.nanoTime();
        synchronized (dequeues) {
            for (long left = maxDelayNanos; left > 0 && backlog.get() > BACKLOG;
                 left = maxDelayNanos - (System.nanoTime() - start)) {
                TimeUnit.NANOSECONDS.timedWait(dequeues, left);
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    long backlog() {
        return backlog.get();
    }

    void dequeued(Mail mail) {
        if (mail.getAttribute(FRESH).isPresent()) {
            mail.removeAttribute(FRESH);
            // Never below zero: messages queued before a restart were not counted.
            backlog.updateAndGet(count -> Math.max(0, count - 1));
            synchronized (dequeues) {
                dequeues.notify();
            }
        }
    }

    /** The queues, with every item taken from the spool shown to {@link #dequeued} first. */
    public MailQueueFactory<MailQueue> observing(MailQueueFactory<? extends MailQueue> queues) {
        return new MailQueueFactory<>() {
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
        };
    }

    private MailQueue observe(MailQueueName name, MailQueue queue) {
        if (!name.equals(MailQueueFactory.SPOOL)) {
            return queue;
        }
        return new MailQueue() {
            @Override
            public MailQueueName getName() {
                return queue.getName();
            }

            @Override
            public void enQueue(Mail mail, Duration delay) throws MailQueueException {
                queue.enQueue(mail, delay);
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
                return Flux.from(queue.deQueue()).doOnNext(item -> dequeued(item.getMail()));
            }

            @Override
            public void close() throws IOException {
                queue.close();
            }
        };
    }
}
