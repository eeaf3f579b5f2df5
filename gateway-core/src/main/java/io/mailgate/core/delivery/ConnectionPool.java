package io.mailgate.core.delivery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.mailgate.core.delivery.NextHops.Hop;

/**
 * Open SMTP connections, kept per next-hop address between messages (as Postfix's connection
 * cache does), so that a burst to one destination pays for one connection, not one per message.
 * A connection goes back to the pool after a clean transaction; it is closed when it has been idle
 * for {@code idleTime}, open for {@code maxAge} or used {@code maxTransactions} times.
 *
 * <p>An address that refused a connection is remembered as down for {@code downTime}: mail for it
 * is deferred at once instead of waiting on a connect timeout in every delivery thread.
 */
final class ConnectionPool implements AutoCloseable {

    record Limits(Duration idleTime, Duration maxAge, int maxTransactions, Duration downTime) {
    }

    private final Properties settings;
    private final Limits limits;
    private final Map<InetSocketAddress, Deque<SmtpConnection>> idle = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Long> downUntil = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "smtp-connection-reaper");
        thread.setDaemon(true);
        return thread;
    });

    /** @param settings Jakarta Mail session properties of every connection (timeouts, HELO name, TLS) */
    ConnectionPool(Properties settings, Limits limits) {
        this.settings = settings;
        this.limits = limits;
        long period = Math.max(100, Math.min(1000, limits.idleTime().toMillis() / 2));
        reaper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** Whether {@code hop} refused a connection lately. */
    boolean isDown(Hop hop) {
        Long until = downUntil.get(hop.address());
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until >= 0) {
            downUntil.remove(hop.address(), until);
            return false;
        }
        return true;
    }

    /** An idle connection to {@code hop} (the most recently used), else a new one. */
    SmtpConnection borrow(Hop hop) throws SmtpConnection.Broken {
        Deque<SmtpConnection> open = idle.get(hop.address());
        for (SmtpConnection connection; open != null && (connection = open.pollFirst()) != null; ) {
            if (fresh(connection, System.nanoTime())) {
                return connection;
            }
            connection.close();
        }
        try {
            SmtpConnection connection = SmtpConnection.open(hop, settings);
            downUntil.remove(hop.address());
            return connection;
        } catch (SmtpConnection.Broken e) {
            downUntil.put(hop.address(), System.nanoTime() + limits.downTime().toNanos());
            throw e;
        }
    }

    /** Takes back a connection after a transaction that ended cleanly. */
    void release(SmtpConnection connection) {
        if (connection.transactions() < limits.maxTransactions() && fresh(connection, System.nanoTime())) {
            idle.computeIfAbsent(connection.hop().address(), address -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
        } else {
            connection.close();
        }
    }

    private boolean fresh(SmtpConnection connection, long now) {
        return now - connection.lastUsedNanos() < limits.idleTime().toNanos()
                && now - connection.openedNanos() < limits.maxAge().toNanos();
    }

    private void closeIdle() {
        long now = System.nanoTime();
        for (Deque<SmtpConnection> open : idle.values()) {
            // Oldest last: take from the tail while they are stale.
            for (SmtpConnection oldest; (oldest = open.peekLast()) != null && !fresh(oldest, now); ) {
                if (open.removeLastOccurrence(oldest)) {
                    oldest.close();
                }
            }
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        idle.values().forEach(open -> {
            for (SmtpConnection connection; (connection = open.pollFirst()) != null; ) {
                connection.close();
            }
        });
    }
}
