package io.mailgate.core.domains;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every sending domain again every {@code domains.verify-interval}, one domain after the
 * other on one thread (DNS is the slow part and the domains are few), the first run one interval
 * after the start. A domain whose records went away stops being verified.
 */
public final class VerificationSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationSchedule.class);

    private final ScheduledExecutorService executor;

    public VerificationSchedule(SendingDomainService domains, Duration interval) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "domain-verification");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                domains.verifyAll();
            } catch (RuntimeException e) {
                LOG.error("the scheduled domain verification failed; it runs again in {}", interval, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("sending domains are checked again every {}", interval);
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
