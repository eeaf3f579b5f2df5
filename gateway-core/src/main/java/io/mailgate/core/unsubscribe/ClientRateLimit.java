package io.mailgate.core.unsubscribe;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per client and minute on the public endpoint: a fixed window per client address, so
 * that a scanner or a guesser cannot hammer it. At most {@code MAX_CLIENTS} windows are kept; when
 * more clients come, the old windows are dropped.
 */
final class ClientRateLimit {

    private static final int MAX_CLIENTS = 100_000;

    private record Window(long minute, int count) {
    }

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    ClientRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** True when this request of {@code client} is within the limit (and counts it). */
    boolean allow(String client) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > MAX_CLIENTS) {
            windows.values().removeIf(window -> window.minute() < minute);
        }
        Window window = windows.compute(client, (key, old) ->
                old == null || old.minute() != minute ? new Window(minute, 1) : new Window(minute, old.count() + 1));
        return window.count() <= perMinute;
    }
}
