package io.mailgate.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailgate.feedback.InvalidVerpTokenException.Reason;

/** Issue 9, point 4: unsubscribe tokens last 30 days, survive a key rotation, and refuse any change. */
class UnsubscribeTokenCodecTest {

    private static final byte[] KEY_1 = "first key, 32 bytes of secret!!!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_2 = "second key, 32 bytes of secret!!".getBytes(StandardCharsets.US_ASCII);
    private static final Instant ISSUED = Instant.parse("2026-10-01T08:30:00Z");

    private static UnsubscribeTokenCodec codec(Map<Integer, byte[]> keys, Instant now) {
        return new UnsubscribeTokenCodec(keys, Duration.ofDays(45), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String issued(Map<Integer, byte[]> keys) {
        return codec(keys, ISSUED).encode("t4ef739bd36e2234368ab", "news", "Reader@Example.ORG", "october");
    }

    @Test
    void decodeShouldReturnEveryFieldWhenIssued29DaysAgo() throws Exception {
        String token = issued(Map.of(1, KEY_1));
        assertTrue(token.matches("[a-z2-7]+"), token);
        UnsubscribeToken read = codec(Map.of(1, KEY_1), ISSUED.plus(Duration.ofDays(29))).decode(token);
        assertEquals(new UnsubscribeToken("t4ef739bd36e2234368ab", "news", "reader@example.org", "october", ISSUED), read);
    }

    @Test
    void decodeShouldAcceptATokenSignedBeforeAKeyRotation() throws Exception {
        String old = issued(Map.of(1, KEY_1));
        UnsubscribeTokenCodec rotated = codec(Map.of(1, KEY_1, 2, KEY_2), ISSUED.plus(Duration.ofDays(3)));
        assertEquals(2, rotated.currentKeyId());
        assertEquals("reader@example.org", rotated.decode(old).recipient());
        String fresh = rotated.encode("t01", "", "a@b.example", "");
        assertEquals(Reason.FORGED, assertThrows(InvalidVerpTokenException.class,
                () -> codec(Map.of(1, KEY_1), ISSUED).decode(fresh)).reason(), "a codec without key 2 refuses it");
    }

    @Test
    void decodeShouldRefuseEveryAlteredCharacter() {
        String token = issued(Map.of(1, KEY_1));
        UnsubscribeTokenCodec codec = codec(Map.of(1, KEY_1), ISSUED.plus(Duration.ofDays(1)));
        for (int i = 0; i < token.length(); i++) {
            char replacement = token.charAt(i) == 'a' ? 'b' : 'a';
            String altered = token.substring(0, i) + replacement + token.substring(i + 1);
            assertThrows(InvalidVerpTokenException.class, () -> codec.decode(altered), "position " + i);
        }
        assertThrows(InvalidVerpTokenException.class, () -> codec.decode(token.substring(0, token.length() - 2)));
        assertThrows(InvalidVerpTokenException.class, () -> codec.decode(token + "aa"));
        assertThrows(InvalidVerpTokenException.class, () -> codec.decode("not a token!"));
    }

    @Test
    void decodeShouldRefuseATokenOlderThanTheMaximumAge() {
        String token = issued(Map.of(1, KEY_1));
        assertEquals(Reason.EXPIRED, assertThrows(InvalidVerpTokenException.class,
                () -> codec(Map.of(1, KEY_1), ISSUED.plus(Duration.ofDays(46))).decode(token)).reason());
    }

    @Test
    void constructorShouldRefuseAMaximumAgeUnder30Days() {
        assertThrows(IllegalArgumentException.class,
                () -> new UnsubscribeTokenCodec(Map.of(1, KEY_1), Duration.ofDays(29), Clock.systemUTC()));
    }

    @Test
    void mailtoShouldKeepTheLocalPartShortAndTheTokenInTheSubject() throws Exception {
        UnsubscribeTokenCodec codec = codec(Map.of(1, KEY_1), ISSUED);
        String token = codec.encode("acme", "news", "a.rather.long.address.of.a.reader@mail.example.org", "spring-2026");
        String mailto = codec.mailto(token, "Bounces.Gateway.TEST");

        assertEquals("mailto:unsubscribe@bounces.gateway.test?subject=unsubscribe%20" + token, mailto);
        // As a mail program sends it: the subject decoded, perhaps with a prefix of its own.
        String subject = "Fwd: unsubscribe " + token.toUpperCase(java.util.Locale.ROOT);
        assertEquals("a.rather.long.address.of.a.reader@mail.example.org", codec.decodeSubject(subject).recipient());
        assertThrows(InvalidVerpTokenException.class, () -> codec.decodeSubject("unsubscribe"));
        assertThrows(InvalidVerpTokenException.class, () -> codec.decodeSubject("unsubscribe " + token.substring(1)));
    }

    @Test
    void firstFormAddressShouldStillBeReadInAnyCase() throws Exception {
        UnsubscribeTokenCodec codec = codec(Map.of(1, KEY_1), ISSUED);
        String address = "unsubscribe+" + codec.encode("acme", "", "x@y.example", "") + "@bounces.gateway.test";
        assertEquals("x@y.example", codec.decodeAddress(address.toUpperCase(java.util.Locale.ROOT)).recipient());
    }
}
