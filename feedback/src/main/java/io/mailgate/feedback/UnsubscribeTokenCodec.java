package io.mailgate.feedback;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.mailgate.feedback.InvalidVerpTokenException.Reason;

/**
 * Signed unsubscribe tokens, for the link {@code https://…/u/<token>} and the mailto link
 * {@code mailto:unsubscribe@<bounce-domain>?subject=unsubscribe%20<token>} (RFC 2369, RFC 6068,
 * RFC 8058). A token is checked without a database lookup: everything it names is inside it, under
 * an HMAC.
 *
 * <p>Bytes, then base32 as {@link VerpCodec} writes it (lower case, so that a mailer that lower-cases
 * the local part does no harm): a version, the key id, the tenant (as in a VERP token), the resource,
 * the recipient and the mailing (UTF-8, length first), the issue time in minutes since the epoch,
 * then the first 10 bytes of HMAC-SHA256 over a context label and all of those.
 *
 * <p>Key rotation: the codec holds a ring of keys by id and signs with the newest; a token signed
 * with an older key of the ring is still accepted, so keep a retired key in the ring at least as
 * long as {@code maxAge} (REQ-3: at least 30 days). A token older than {@code maxAge} is refused.
 *
 * <p>A token for a usual address is 100 to 140 characters, over the 64 octets RFC 5321 allows a
 * local part: so the mailto link carries it in the subject, which mail programs send as the link
 * gives it, to the plain {@code unsubscribe@} address. Links of the first form,
 * {@code unsubscribe+<token>@<bounce-domain>}, are still read ({@link #decodeAddress}) while they
 * are valid.
 */
public final class UnsubscribeTokenCodec {

    /** The local part of the address the mailto link writes to. */
    public static final String LOCAL_PART = "unsubscribe";
    /** The first form's local part, {@code unsubscribe+<token>}. */
    public static final String LOCAL_PART_PREFIX = "unsubscribe+";
    private static final String SUBJECT_WORD = "unsubscribe";
    /** REQ-3: a link keeps working at least this long. */
    public static final Duration MIN_MAX_AGE = Duration.ofDays(30);

    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 10;
    private static final byte[] CONTEXT = "mailgate-unsubscribe-v1".getBytes(StandardCharsets.US_ASCII);

    private final TreeMap<Integer, SecretKeySpec> keys = new TreeMap<>();
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param keys   key id (1 … 255) to key (at least 16 bytes); the highest id signs, all verify
     * @param maxAge how long a token is accepted after it was issued: at least 30 days (REQ-3)
     */
    public UnsubscribeTokenCodec(Map<Integer, byte[]> keys, Duration maxAge, Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the unsubscribe key ring is empty");
        }
        keys.forEach((id, key) -> {
            if (id < 1 || id > 255) {
                throw new IllegalArgumentException("an unsubscribe key id is 1 to 255, not " + id);
            }
            if (key == null || key.length < 16) {
                throw new IllegalArgumentException("unsubscribe key " + id + " must have at least 16 bytes");
            }
            this.keys.put(id, new SecretKeySpec(key.clone(), "HmacSHA256"));
        });
        if (maxAge.compareTo(MIN_MAX_AGE) < 0) {
            throw new IllegalArgumentException("unsubscribe links must work at least 30 days (REQ-3), not " + maxAge);
        }
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The key id new tokens are signed with. */
    public int currentKeyId() {
        return keys.lastKey();
    }

    /** A token for this message and recipient, issued now. */
    public String encode(String tenantId, String resource, String recipient, String mailing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        int keyId = currentKeyId();
        out.write(VERSION);
        out.write(keyId);
        VerpCodec.writeTenant(out, tenantId);
        writeText(out, resource);
        writeText(out, recipient.toLowerCase(Locale.ROOT));
        writeText(out, mailing);
        VerpCodec.writeVarint(out, Math.max(0, clock.instant().getEpochSecond() / 60));
        out.writeBytes(mac(keys.get(keyId), out.toByteArray()));
        return VerpCodec.base32(out.toByteArray());
    }

    /** {@code mailto:unsubscribe@<bounceDomain>?subject=unsubscribe%20<token>}. */
    public String mailto(String token, String bounceDomain) {
        return "mailto:" + LOCAL_PART + "@" + bounceDomain.toLowerCase(Locale.ROOT) + "?subject=" + SUBJECT_WORD + "%20" + token;
    }

    /**
     * Reads the token from the subject of a mail to {@code unsubscribe@}: its last word, so that a
     * prefix a mail program adds does no harm.
     */
    public UnsubscribeToken decodeSubject(String subject) throws InvalidVerpTokenException {
        String[] words = subject == null ? new String[0] : subject.strip().split("\\s+");
        String last = words.length == 0 ? "" : words[words.length - 1];
        if (last.isEmpty() || last.equalsIgnoreCase(SUBJECT_WORD)) {
            throw new InvalidVerpTokenException(Reason.MALFORMED, "the subject carries no unsubscribe token");
        }
        return decode(last);
    }

    /** Reads the first form's {@code unsubscribe+<token>@domain}, any case. */
    public UnsubscribeToken decodeAddress(String address) throws InvalidVerpTokenException {
        return decode(VerpCodec.tokenAfter(LOCAL_PART_PREFIX, address));
    }

    /** Checks and reads a token; the exception says why it is refused. */
    public UnsubscribeToken decode(String token) throws InvalidVerpTokenException {
        String text = token == null ? "" : token.strip().toLowerCase(Locale.ROOT);
        if (text.length() > 1000) {
            throw new InvalidVerpTokenException(Reason.MALFORMED, "token too long");
        }
        byte[] bytes = VerpCodec.unbase32(text);
        if (bytes.length < 2) {
            throw new InvalidVerpTokenException(Reason.TRUNCATED, "token too short");
        }
        if (bytes[0] != VERSION) {
            throw new InvalidVerpTokenException(Reason.MALFORMED, "unknown token version " + bytes[0]);
        }
        SecretKeySpec key = keys.get(bytes[1] & 0xFF);
        if (key == null) {
            throw new InvalidVerpTokenException(Reason.FORGED, "no key " + (bytes[1] & 0xFF) + " in the key ring");
        }
        int[] position = {2};
        String tenant = VerpCodec.readTenant(bytes, position);
        String resource = readText(bytes, position);
        String recipient = readText(bytes, position);
        String mailing = readText(bytes, position);
        long minutes = VerpCodec.readVarint(bytes, position);
        int fieldsEnd = position[0];
        if (bytes.length - fieldsEnd != MAC_BYTES) {
            throw new InvalidVerpTokenException(bytes.length - fieldsEnd < MAC_BYTES ? Reason.TRUNCATED : Reason.FORGED,
                    "signature has " + (bytes.length - fieldsEnd) + " of " + MAC_BYTES + " bytes");
        }
        byte[] expected = mac(key, Arrays.copyOfRange(bytes, 0, fieldsEnd));
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, fieldsEnd, bytes.length))) {
            throw new InvalidVerpTokenException(Reason.FORGED, "signature does not match");
        }
        return new UnsubscribeToken(tenant, resource, recipient, mailing, VerpCodec.issuedWithin(minutes, maxAge, clock));
    }

    private static byte[] mac(SecretKeySpec key, byte[] fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(CONTEXT);
            return Arrays.copyOf(mac.doFinal(fields), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static void writeText(ByteArrayOutputStream out, String text) {
        byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        VerpCodec.writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static String readText(byte[] bytes, int[] position) throws InvalidVerpTokenException {
        long length = VerpCodec.readVarint(bytes, position);
        if (length > bytes.length - position[0]) {
            throw new InvalidVerpTokenException(Reason.TRUNCATED, "token ends inside its fields");
        }
        String text = new String(bytes, position[0], (int) length, StandardCharsets.UTF_8);
        position[0] += (int) length;
        return text;
    }
}
