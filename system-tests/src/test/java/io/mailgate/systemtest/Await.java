package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

/**
 * Waiting in the system tests: a condition asked again every 100 ms until it holds, within a bound,
 * never a fixed sleep. Absence too is shown by a condition: once the gateway's queue is empty,
 * every message it took has been delivered, bounced or held, so one that did not arrive never will.
 */
final class Await {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** True once {@code condition} holds; false if it still does not after {@code within}. */
    static boolean until(Duration within, Condition condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /**
     * Until the gateway's queue is empty ({@code mailgate_queue_size 0}). The broker counts a message
     * until its processing is acknowledged, so the ones being delivered count too.
     */
    static void queueEmpty(GatewayFixture fixture) throws Exception {
        assertTrue(until(TIMEOUT, () -> AdminApi.call(fixture, "GET", "/metrics", null, null).body()
                .contains("\nmailgate_queue_size 0\n")), "the gateway's queue is not empty after " + TIMEOUT);
    }
}
