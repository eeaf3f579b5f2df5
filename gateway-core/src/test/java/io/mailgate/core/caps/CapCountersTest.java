package io.mailgate.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mailgate.api.SendingPolicies.CountKey;
import io.mailgate.api.SendingPolicies.Kind;
import io.mailgate.core.store.Database;
import io.mailgate.testkit.MovableClock;

class CapCountersTest {

    @TempDir
    Path home;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private Database database;
    private CapCounters counters;

    @BeforeEach
    void open() {
        database = Database.open(home.resolve("db"));
        counters = new CapCounters(database, clock, false);
    }

    @AfterEach
    void close() {
        counters.close();
        database.close();
    }

    @Test
    void countsShouldBeSummedOverThePeriodAndLeaveItAsTheClockMoves() {
        long anna = key("anna@example.org");
        counters.count(anna);
        counters.count(anna);
        assertEquals(2, counters.sent(anna, 1));
        assertEquals(0, counters.sent(key("bob@example.org"), 16));

        clock.advance(Duration.ofHours(14)); // 00:00 the next UTC day
        assertEquals(0, counters.sent(anna, 1), "a period of one day is today only");
        assertEquals(2, counters.sent(anna, 2));
        counters.count(anna);
        assertEquals(1, counters.sent(anna, 1));
        assertEquals(3, counters.sent(anna, 16));

        clock.advance(Duration.ofDays(15));
        assertEquals(1, counters.sent(anna, 16), "the first day left the 16-day window");
        clock.advance(Duration.ofDays(1));
        assertEquals(0, counters.sent(anna, 16));
        counters.count(anna);
        assertEquals(1, counters.sent(anna, 16), "days cleared when counting again after a gap");
    }

    @Test
    void aDayCountShouldSaturateAtFifteenWhichStillCapsEveryLimit() {
        long anna = key("anna@example.org");
        for (int i = 0; i < 40; i++) {
            counters.count(anna);
        }
        assertEquals(15, counters.sent(anna, 1));
    }

    @Test
    void countersShouldSurviveAReopenOfTheDatabase() {
        long anna = key("anna@example.org");
        long bob = key("bob@example.org");
        counters.count(anna);
        counters.flush();
        counters.count(anna);
        counters.count(bob);
        counters.close(); // writes what the last flush left
        database.close();

        database = Database.open(home.resolve("db"));
        counters = new CapCounters(database, clock, false);
        assertEquals(2, counters.size());
        assertEquals(2, counters.sent(anna, 1));
        assertEquals(1, counters.sent(bob, 1));
        counters.count(anna);
        counters.flush();
        database.close();
        database = Database.open(home.resolve("db"));
        counters = new CapCounters(database, clock, false);
        assertEquals(3, counters.sent(anna, 1));

        clock.advance(Duration.ofDays(17));
        counters.close();
        counters = new CapCounters(database, clock, false);
        assertEquals(0, counters.size(), "counters older than the window are not loaded");
    }

    @Test
    void theTableShouldGrowAndKeepEveryCount() {
        for (int i = 0; i < 50_000; i++) {
            counters.count(key("user" + i + "@example.org"));
        }
        counters.count(key("user7@example.org"));
        assertEquals(50_000, counters.size());
        assertEquals(2, counters.sent(key("user7@example.org"), 1));
        assertEquals(1, counters.sent(key("user49999@example.org"), 1));
        counters.flush();
        counters.close();
        counters = new CapCounters(database, clock, false);
        assertEquals(50_000, counters.size());
        assertEquals(2, counters.sent(key("user7@example.org"), 3));
    }

    @Test
    void keysShouldDifferByTenantKindAndValue() {
        CountKey viaNews = CountKey.of("t1", Kind.RECIPIENT_RESOURCE, "news", "email", "Anna@Example.org");
        counters.count(CapCounters.hash(viaNews));
        assertEquals(1, counters.sent(CapCounters.hash(CountKey.of("t1", Kind.RECIPIENT_RESOURCE, "news", "sms",
                "anna@example.org")), 1), "the channel does not matter to a resource key, nor the case");
        assertEquals(0, counters.sent(CapCounters.hash(CountKey.of("t1", Kind.RECIPIENT_RESOURCE, "offers", "email",
                "anna@example.org")), 1));
        assertEquals(0, counters.sent(CapCounters.hash(CountKey.of("t2", Kind.RECIPIENT_RESOURCE, "news", "email",
                "anna@example.org")), 1));
        assertEquals(0, counters.sent(CapCounters.hash(CountKey.of("t1", Kind.RECIPIENT, "news", "email",
                "anna@example.org")), 1));
    }

    private static long key(String address) {
        return CapCounters.hash(CountKey.of("t1", Kind.RECIPIENT, "", "email", address));
    }
}
