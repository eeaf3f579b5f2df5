package io.mailgate.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailgate.feedback.InvalidVerpTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class VerpCodecTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant ISSUED = Instant.parse("2025-03-01T10:15:00Z");
    private static final VerpToken TOKEN = new VerpToken("t4ef739bd36e2234368ab", 3, ISSUED);

    private static VerpCodec codecAt(Instant now) {
        return new VerpCodec(KEY, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
    }

    private final VerpCodec codec = codecAt(ISSUED.plus(Duration.ofDays(2)));

    @Test
    void roundTripThroughTheReturnPath() throws Exception {
        String address = codec.returnPath(TOKEN, "Bounces.Example.NET");
        assertTrue(address.startsWith("bounce+") && address.endsWith("@bounces.example.net"), address);
        String local = address.substring(0, address.indexOf('@'));
        assertTrue(local.length() <= 64, "local part " + local.length() + " octets: " + local);
        assertTrue(local.matches("bounce\\+[a-z2-7]+"), local);
        assertEquals(TOKEN, codec.decodeAddress(address));
    }

    @Test
    void otherTenantIdsShouldRoundTripToo() throws Exception {
        VerpToken named = new VerpToken("acme", 0, ISSUED);
        assertEquals(named, codec.decode(codec.encode(named)));
    }

    @Test
    void survivesCaseFolding() throws Exception {
        String address = codec.returnPath(TOKEN, "bounces.example.net");
        assertEquals(TOKEN, codec.decodeAddress(address.toUpperCase(Locale.ROOT)));
        assertEquals(TOKEN, codec.decodeAddress("<" + address + ">"));
    }

    @Test
    void refusesAnAlteredToken() {
        String token = codec.encode(TOKEN);
        char last = token.charAt(10);
        String altered = token.substring(0, 10) + (last == 'a' ? 'b' : 'a') + token.substring(11);
        assertReason(Reason.FORGED, () -> codec.decode(altered));
    }

    @Test
    void refusesATokenSignedWithAnotherKey() {
        byte[] otherKey = "another key of 32 bytes, really!".getBytes(StandardCharsets.US_ASCII);
        String token = new VerpCodec(otherKey, Duration.ofDays(30), Clock.fixed(ISSUED, ZoneOffset.UTC)).encode(TOKEN);
        assertReason(Reason.FORGED, () -> codec.decode(token));
    }

    @Test
    void refusesATruncatedToken() {
        String token = codec.encode(TOKEN);
        for (int cut = 1; cut <= 16; cut++) {
            String shorter = token.substring(0, token.length() - cut);
            InvalidVerpTokenException e = assertThrows(InvalidVerpTokenException.class, () -> codec.decode(shorter));
            assertTrue(e.reason() == Reason.TRUNCATED || e.reason() == Reason.FORGED, e.getMessage());
        }
        assertReason(Reason.TRUNCATED, () -> codec.decode(token.substring(0, token.length() - 16)));
        assertReason(Reason.TRUNCATED, () -> codec.decode(""));
    }

    @Test
    void refusesAnExpiredToken() {
        String token = codec.encode(TOKEN);
        VerpCodec later = codecAt(ISSUED.plus(Duration.ofDays(31)));
        InvalidVerpTokenException e = assertThrows(InvalidVerpTokenException.class, () -> later.decode(token));
        assertEquals(Reason.EXPIRED, e.reason());
        assertTrue(e.getMessage().startsWith("expired: "), e.getMessage());
    }

    @Test
    void refusesWhatIsNotOurs() {
        assertReason(Reason.MALFORMED, () -> codec.decodeAddress("someone@example.com"));
        assertReason(Reason.MALFORMED, () -> codec.decode("abc-def"));
        assertReason(Reason.MALFORMED, () -> codec.decode("abc0def1"));
    }

    @Test
    void refusesIdsThatDoNotFitALocalPart() {
        VerpToken huge = new VerpToken("a-tenant-id-far-too-long-for-a-local-part", Long.MAX_VALUE, ISSUED);
        assertThrows(IllegalArgumentException.class, () -> codec.encode(huge));
    }

    @Test
    void refusesShortKeys() {
        assertThrows(IllegalArgumentException.class, () -> new VerpCodec(new byte[8], Duration.ofDays(1)));
    }

    private interface Decoding {
        Object run() throws InvalidVerpTokenException;
    }

    private static void assertReason(Reason expected, Decoding decoding) {
        InvalidVerpTokenException e = assertThrows(InvalidVerpTokenException.class, decoding::run);
        assertEquals(expected, e.reason(), e.getMessage());
    }
}
