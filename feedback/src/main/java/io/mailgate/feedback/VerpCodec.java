package io.mailgate.feedback;

import io.mailgate.feedback.InvalidVerpTokenException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed VERP return paths: {@code bounce+<token>@<bounce-domain>}.
 *
 * <p>The token is base32 (RFC 4648 alphabet, lower case, no padding): local parts are often lower-cased
 * on the way back, and base32 survives that where base64 does not. Its bytes: a version, the tenant id
 * (the gateway's {@code t<hex>} ids as their bytes, any other id as UTF-8, length first), the recipient
 * id and issue time (minutes since the epoch) as unsigned varints, then the first 10 bytes (80 bits) of
 * HMAC-SHA256 over a context label and those fields. A gateway tenant id gives 44 characters, within
 * the 64-octet local-part limit (RFC 5321).
 */
public final class VerpCodec {

    public static final String LOCAL_PART_PREFIX = "bounce+";
    static final int MAX_LOCAL_PART = 64;

    private static final byte VERSION = 2;
    private static final java.util.regex.Pattern HEX_TENANT = java.util.regex.Pattern.compile("t(?:[0-9a-f]{2})+");
    private static final int MAC_BYTES = 10;
    private static final byte[] CONTEXT = "mailgate-verp-v1".getBytes(StandardCharsets.US_ASCII);
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SecretKeySpec key;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param key    the HMAC key, at least 16 bytes (the gateway's secret; rotate by decoding with old and new codecs)
     * @param maxAge how long a token is accepted after it was issued (bounces may arrive days later: 30 days is usual)
     */
    public VerpCodec(byte[] key, Duration maxAge, Clock clock) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("VERP key must have at least 16 bytes");
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public VerpCodec(byte[] key, Duration maxAge) {
        this(key, maxAge, Clock.systemUTC());
    }

    /** The token alone (the local part after "bounce+"). */
    public String encode(VerpToken token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(40);
        out.write(VERSION);
        writeTenant(out, token.tenantId());
        writeVarint(out, token.recipientId());
        writeVarint(out, Math.max(0, token.issuedAt().getEpochSecond() / 60));
        byte[] fields = out.toByteArray();
        out.writeBytes(mac(fields));
        String encoded = base32(out.toByteArray());
        if (LOCAL_PART_PREFIX.length() + encoded.length() > MAX_LOCAL_PART) {
            throw new IllegalArgumentException("ids too large: the local part would exceed "
                    + MAX_LOCAL_PART + " octets (" + (LOCAL_PART_PREFIX.length() + encoded.length()) + ")");
        }
        return encoded;
    }

    /** {@code bounce+<token>@<bounceDomain>}. */
    public String returnPath(VerpToken token, String bounceDomain) {
        return LOCAL_PART_PREFIX + encode(token) + "@" + bounceDomain.toLowerCase(Locale.ROOT);
    }

    /** Reads a return path (or the recipient address of a bounce): {@code bounce+<token>@domain}, any case. */
    public VerpToken decodeAddress(String address) throws InvalidVerpTokenException {
        return decode(tokenAfter(LOCAL_PART_PREFIX, address));
    }

    /** The token of an address {@code <prefix><token>@domain} (angle brackets and case allowed). */
    static String tokenAfter(String prefix, String address) throws InvalidVerpTokenException {
        String a = address == null ? "" : address.strip();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        String local = at < 0 ? a : a.substring(0, at);
        if (!local.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            throw new InvalidVerpTokenException(Reason.MALFORMED, "local part does not start with " + prefix);
        }
        return local.substring(prefix.length());
    }

    /** Checks and reads a token; the reason says why one is refused. */
    public VerpToken decode(String token) throws InvalidVerpTokenException {
        byte[] bytes = unbase32(token == null ? "" : token.trim().toLowerCase(Locale.ROOT));
        if (bytes.length == 0) {
            throw new InvalidVerpTokenException(Reason.TRUNCATED, "empty token");
        }
        if (bytes[0] != VERSION) {
            throw new InvalidVerpTokenException(Reason.MALFORMED, "unknown token version " + bytes[0]);
        }
        int[] position = {1};
        String tenant = readTenant(bytes, position);
        long recipient = readVarint(bytes, position);
        long minutes = readVarint(bytes, position);
        int fieldsEnd = position[0];
        int macLength = bytes.length - fieldsEnd;
        if (macLength < MAC_BYTES) {
            throw new InvalidVerpTokenException(Reason.TRUNCATED,
                    "signature has " + Math.max(0, macLength) + " of " + MAC_BYTES + " bytes");
        }
        if (macLength > MAC_BYTES) {
            throw new InvalidVerpTokenException(Reason.FORGED, (macLength - MAC_BYTES) + " bytes too many");
        }
        byte[] expected = mac(Arrays.copyOfRange(bytes, 0, fieldsEnd));
        byte[] given = Arrays.copyOfRange(bytes, fieldsEnd, bytes.length);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new InvalidVerpTokenException(Reason.FORGED, "signature does not match");
        }
        return new VerpToken(tenant, recipient, issuedWithin(minutes, maxAge, clock));
    }

    /** The issue time of a token (minutes since the epoch), refused when older than {@code maxAge} or in the future. */
    static Instant issuedWithin(long minutes, Duration maxAge, Clock clock) throws InvalidVerpTokenException {
        Instant issued = Instant.ofEpochSecond(minutes * 60);
        Instant now = clock.instant();
        if (issued.plus(maxAge).isBefore(now)) {
            throw new InvalidVerpTokenException(Reason.EXPIRED, "issued " + issued + ", older than " + maxAge);
        }
        if (issued.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidVerpTokenException(Reason.EXPIRED, "issued " + issued + ", in the future");
        }
        return issued;
    }

    private byte[] mac(byte[] fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(CONTEXT);
            return Arrays.copyOf(mac.doFinal(fields), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Kind 0: a {@code t<hex>} id as its bytes; kind 1: any other id as UTF-8. Length first. */
    static void writeTenant(ByteArrayOutputStream out, String tenantId) {
        boolean hex = HEX_TENANT.matcher(tenantId).matches();
        byte[] bytes = hex ? java.util.HexFormat.of().parseHex(tenantId.substring(1)) : tenantId.getBytes(StandardCharsets.UTF_8);
        out.write(hex ? 0 : 1);
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    static String readTenant(byte[] bytes, int[] position) throws InvalidVerpTokenException {
        if (position[0] >= bytes.length) {
            throw new InvalidVerpTokenException(Reason.TRUNCATED, "token ends before its tenant");
        }
        int kind = bytes[position[0]++];
        long length = readVarint(bytes, position);
        if (kind != 0 && kind != 1) {
            throw new InvalidVerpTokenException(Reason.MALFORMED, "unknown tenant id kind " + kind);
        }
        if (length < 1 || length > bytes.length - position[0]) {
            throw new InvalidVerpTokenException(Reason.TRUNCATED, "token ends inside its tenant id");
        }
        byte[] id = Arrays.copyOfRange(bytes, position[0], position[0] + (int) length);
        position[0] += (int) length;
        return kind == 0 ? "t" + java.util.HexFormat.of().formatHex(id) : new String(id, StandardCharsets.UTF_8);
    }

    static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long readVarint(byte[] bytes, int[] position) throws InvalidVerpTokenException {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (position[0] >= bytes.length) {
                throw new InvalidVerpTokenException(Reason.TRUNCATED, "token ends inside its fields");
            }
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new InvalidVerpTokenException(Reason.MALFORMED, "number too long");
    }

    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    static byte[] unbase32(String text) throws InvalidVerpTokenException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            int value;
            if (c >= 'a' && c <= 'z') {
                value = c - 'a';
            } else if (c >= '2' && c <= '7') {
                value = c - '2' + 26;
            } else {
                throw new InvalidVerpTokenException(Reason.MALFORMED, "character '" + c + "' is not base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        // Left-over bits must be zero padding: one token, one spelling.
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new InvalidVerpTokenException(Reason.TRUNCATED, "token length is not a whole number of bytes");
        }
        return out.toByteArray();
    }
}
