package io.mailgate.plugin.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.mailgate.api.ContentRules.Screening;
import io.mailgate.api.Verdict;
import io.mailgate.testkit.MovableClock;

/** The end-of-DATA screenings kept for the stage: found only for the same message, tenant, rules and approvals, for a while. */
class ScreeningCacheTest {

    private static final Screening HELD = new Screening(Verdict.quarantine("CON-2", "held"), List.of(), List.of(), 0, List.of());

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T00:00:00Z"));

    private static ScreeningCache.Key key(String message, String tenant, long rules) {
        return ScreeningCache.key(Screen.text("Subject", message), tenant, rules, 1).orElseThrow();
    }

    @Test
    void keyShouldBeTheDigestOfTheBytesTheTenantAndTheGenerations() {
        assertEquals(key("hello", "t1", 1), key("hello", "t1", 1), "the same bytes give the same key");
        assertNotEquals(key("hello", "t1", 1), key("hello!", "t1", 1));
        assertNotEquals(key("hello", "t1", 1), key("hello", "t2", 1));
        assertNotEquals(key("hello", "t1", 1), key("hello", "t1", 2));
        assertEquals(64, key("hello", "t1", 1).digest().length(), "SHA-256 in hex");
    }

    @Test
    void screeningShouldBeFoundForItsKeyOnly() {
        ScreeningCache cache = new ScreeningCache(10, Duration.ofMinutes(5), clock);
        cache.put(key("hello", "t1", 1), HELD, Map.of());
        assertEquals(Optional.of(HELD), cache.get(key("hello", "t1", 1), CategoryApprovals.NONE));
        assertTrue(cache.get(key("hello", "t1", 2), CategoryApprovals.NONE).isEmpty(), "the rules changed");
        assertTrue(cache.get(key("hello", "t2", 1), CategoryApprovals.NONE).isEmpty(), "another tenant");
        assertTrue(cache.get(key("changed", "t1", 1), CategoryApprovals.NONE).isEmpty(), "another message");
    }

    @Test
    void screeningShouldExpire() {
        ScreeningCache cache = new ScreeningCache(10, Duration.ofMinutes(5), clock);
        cache.put(key("hello", "t1", 1), HELD, Map.of());
        clock.advance(Duration.ofMinutes(4));
        assertTrue(cache.get(key("hello", "t1", 1), CategoryApprovals.NONE).isPresent());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(cache.get(key("hello", "t1", 1), CategoryApprovals.NONE).isEmpty());
        assertEquals(0, cache.size(), "an expired entry is dropped");
    }

    @Test
    void cacheShouldKeepTheNewestEntriesUpToItsCapacity() {
        ScreeningCache cache = new ScreeningCache(3, Duration.ofMinutes(5), clock);
        for (int i = 0; i < 5; i++) {
            cache.put(key("message " + i, "t1", 1), HELD, Map.of());
        }
        assertEquals(3, cache.size());
        assertTrue(cache.get(key("message 1", "t1", 1), CategoryApprovals.NONE).isEmpty(), "the oldest went first");
        assertTrue(cache.get(key("message 4", "t1", 1), CategoryApprovals.NONE).isPresent());
    }

    @Test
    void screeningShouldNotBeFoundWhenAnApprovalItAskedNowAnswersOtherwise() {
        ScreeningCache cache = new ScreeningCache(10, Duration.ofMinutes(5), clock);
        cache.put(key("casino", "t1", 1), HELD, Map.of("gambling", false));
        assertTrue(cache.get(key("casino", "t1", 1), CategoryApprovals.NONE).isPresent());
        CategoryApprovals gamblingApproved = (tenant, category) -> tenant.equals("t1") && category.equals("gambling");
        assertTrue(cache.get(key("casino", "t1", 1), gamblingApproved).isEmpty());
    }
}
