package io.mailgate.core.unsubscribe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ClientRateLimitTest {

    private Instant now = Instant.parse("2026-11-25T10:00:05Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void allowShouldRefuseAClientOverTheLimitUntilTheNextMinute() {
        ClientRateLimit limit = new ClientRateLimit(3, clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limit.allow("192.0.2.1"));
        }
        assertFalse(limit.allow("192.0.2.1"));
        assertTrue(limit.allow("192.0.2.2"), "another client has its own count");
        now = now.plus(Duration.ofMinutes(1));
        assertTrue(limit.allow("192.0.2.1"));
    }
}
