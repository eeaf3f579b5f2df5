package io.mailgate.plugin.suppression;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was sent to whom lately, for SUP-8: (content fingerprint, recipient) with the time it
 * passed the stage. Bounded: past {@code capacity} the oldest is forgotten first, as an entry past
 * the window would be. Held in memory, so a restart forgets it (a duplicate after a restart is sent).
 */
final class RecentSends {

    private final Clock clock;
    private final Duration window;
    private final Map<String, Long> sent;

    RecentSends(Clock clock, Duration window, int capacity) {
        this.clock = clock;
        this.window = window;
        this.sent = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when this content went to this recipient within the window; otherwise remembers it now. */
    synchronized boolean seenElseRemember(String fingerprint, String recipient) {
        long now = clock.millis();
        String key = fingerprint + ' ' + recipient;
        Long at = sent.get(key);
        if (at != null && now - at < window.toMillis()) {
            return true;
        }
        sent.remove(key);
        sent.put(key, now);
        return false;
    }
}
