package io.mailgate.core.unsubscribe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.mailgate.testkit.MovableClock;

class ClientRateLimitTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:05Z"));

    @Test
    void allowShouldRefuseAClientOverTheLimitUntilTheNextMinute() {
        ClientRateLimit limit = new ClientRateLimit(3, clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limit.allow("192.0.2.1"));
        }
        assertFalse(limit.allow("192.0.2.1"));
        assertTrue(limit.allow("192.0.2.2"), "another client has its own count");
        clock.advance(Duration.ofMinutes(1));
        assertTrue(limit.allow("192.0.2.1"));
    }
}
