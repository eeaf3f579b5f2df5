package io.mailgate.core.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed AUTH attempts per client address and per username; past the limit, both are
 * locked out until the lockout time has passed since the last failure. A success clears both.
 * Counts older than the lockout are dropped once the map grows large, so that a scan from many
 * addresses cannot grow it without bound.
 */
public final class AuthFailures {

    private record Count(int failures, Instant last) {
    }

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    public AuthFailures(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    boolean isLockedOut(String client, String username) {
        return locked("ip:" + client) || locked("user:" + username);
    }

    void failed(String client, String username) {
        bump("ip:" + client);
        bump("user:" + username);
    }

    void succeeded(String client, String username) {
        counts.remove("ip:" + client);
        counts.remove("user:" + username);
    }

    private boolean locked(String key) {
        Count count = counts.get(key);
        if (count == null) {
            return false;
        }
        if (count.last().plus(lockout).isBefore(clock.instant())) {
            counts.remove(key, count);
            return false;
        }
        return count.failures() >= maxFailures;
    }

    private static final int PRUNE_ABOVE = 100_000;

    private void bump(String key) {
        Instant now = clock.instant();
        if (counts.size() > PRUNE_ABOVE) {
            counts.values().removeIf(count -> count.last().plus(lockout).isBefore(now));
        }
        counts.merge(key, new Count(1, now), (old, one) -> new Count(old.failures() + 1, now));
    }
}
