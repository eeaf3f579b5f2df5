package io.mailgate.plugin.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.mailgate.testkit.MovableClock;

/** The AUTH-7 history with a clock moved by hand: the 24-hour window's edges, the size bound. */
class RecentSendsTest {

    private static final byte[] CONTENT = "fingerprint-1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_CONTENT = "fingerprint-2".getBytes(StandardCharsets.US_ASCII);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final RecentSends sends = new RecentSends(clock, 1000);

    @Test
    void recordShouldReturnFirstDomainWhenSecondDomainSendsSameContentToSameRecipient() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");

        assertEquals(Optional.of("a.example"), sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "b.example"));
    }

    @Test
    void recordShouldPassWhenSameDomainSendsAgain() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");

        assertEquals(Optional.empty(), sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example"));
    }

    @Test
    void recordShouldPassWhenOtherRecipientOrOtherContentOrOtherTenant() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");

        assertEquals(Optional.empty(), sends.recordUnlessOther("acme", CONTENT, "bob@example.org", "b.example"));
        assertEquals(Optional.empty(), sends.recordUnlessOther("acme", OTHER_CONTENT, "alice@example.org", "b.example"));
        assertEquals(Optional.empty(), sends.recordUnlessOther("globex", CONTENT, "alice@example.org", "b.example"));
    }

    @Test
    void recordShouldMatchRecipientWhateverItsCase() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");

        assertEquals(Optional.of("a.example"), sends.recordUnlessOther("acme", CONTENT, "Alice@EXAMPLE.org", "b.example"));
    }

    @Test
    void secondDomainShouldBeRefusedOneMillisecondBefore24Hours() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        clock.advance(Duration.ofHours(24).minusMillis(1));

        assertEquals(Optional.of("a.example"), sends.otherDomain("acme", CONTENT, "alice@example.org", "b.example"));
    }

    @Test
    void secondDomainShouldPassAt24Hours() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        clock.advance(Duration.ofHours(24));

        assertEquals(Optional.empty(), sends.otherDomain("acme", CONTENT, "alice@example.org", "b.example"));
        assertEquals(Optional.empty(), sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "b.example"));
    }

    @Test
    void windowShouldCountFromTheLastSendOfTheFirstDomain() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        clock.advance(Duration.ofHours(20));
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        clock.advance(Duration.ofHours(20));

        assertEquals(Optional.of("a.example"), sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "b.example"));
    }

    @Test
    void refusedSendShouldNotBeRecorded() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        clock.advance(Duration.ofHours(1));
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "b.example");
        clock.advance(Duration.ofHours(23));

        // a.example's send is 24 hours old; b.example's was refused, so nothing holds c.example.
        assertEquals(Optional.empty(), sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "c.example"));
    }

    @Test
    void otherDomainShouldOnlyLook() {
        sends.otherDomain("acme", CONTENT, "alice@example.org", "a.example");

        assertEquals(0, sends.size());
    }

    @Test
    void expiredSendsShouldBeForgottenWhenNewOnesAreRecorded() {
        sends.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        sends.recordUnlessOther("acme", CONTENT, "bob@example.org", "a.example");
        clock.advance(Duration.ofHours(24));

        sends.recordUnlessOther("acme", CONTENT, "carol@example.org", "a.example");

        assertEquals(1, sends.size());
    }

    @Test
    void oldestSendsShouldLeaveWhenCapacityIsReached() {
        RecentSends small = new RecentSends(clock, 2);
        small.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        clock.advance(Duration.ofMinutes(1));
        small.recordUnlessOther("acme", CONTENT, "bob@example.org", "a.example");
        clock.advance(Duration.ofMinutes(1));
        small.recordUnlessOther("acme", CONTENT, "carol@example.org", "a.example");

        assertEquals(2, small.size());
        assertEquals(Optional.empty(), small.otherDomain("acme", CONTENT, "alice@example.org", "b.example"));
        assertEquals(Optional.of("a.example"), small.otherDomain("acme", CONTENT, "bob@example.org", "b.example"));
    }

    @Test
    void sendAgainShouldMakeAnEntryTheNewest() {
        RecentSends small = new RecentSends(clock, 2);
        small.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        small.recordUnlessOther("acme", CONTENT, "bob@example.org", "a.example");
        small.recordUnlessOther("acme", CONTENT, "alice@example.org", "a.example");
        small.recordUnlessOther("acme", CONTENT, "carol@example.org", "a.example");

        assertEquals(Optional.of("a.example"), small.otherDomain("acme", CONTENT, "alice@example.org", "b.example"));
        assertEquals(Optional.empty(), small.otherDomain("acme", CONTENT, "bob@example.org", "b.example"));
    }
}
