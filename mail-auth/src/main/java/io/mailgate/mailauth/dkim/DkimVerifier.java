package io.mailgate.mailauth.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.mailgate.mailauth.spf.SpfDns;

/**
 * Verifies the DKIM signatures of a message (RFC 6376, section 6; ed25519-sha256 from RFC 8463):
 * each DKIM-Signature field, top to bottom, gives one {@link DkimResult}.
 *
 * <p>For each signature: its tags are checked; the key record is fetched at
 * {@code <s>._domainkey.<d>} through the {@link DkimKeyDns} port; the canonical body (cut to
 * {@code l=} bytes when given) must hash to {@code bh=}; then the header data (the fields named in
 * {@code h=}, each name taking the next instance from the bottom up, a name without one more
 * instance adding nothing, then the signature field with an empty {@code b=}) must verify with
 * the key against {@code b=}.
 *
 * <p>Example: {@code new DkimVerifier(DkimKeyDns.over(DnsjavaSpfDns.of(List.of(), Duration.ofSeconds(5))))
 * .verify(Files.readAllBytes(file))}. Immutable and thread-safe.
 */
public final class DkimVerifier {

    private final DkimKeyDns dns;
    private final Clock clock;

    public DkimVerifier(DkimKeyDns dns) {
        this(dns, Clock.systemUTC());
    }

    private DkimVerifier(DkimKeyDns dns, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same verifier with another clock, for the {@code t=} and {@code x=} checks. */
    public DkimVerifier withClock(Clock clock) {
        return new DkimVerifier(dns, clock);
    }

    /** One result per DKIM-Signature field, top to bottom; empty when the message has none. Never throws. */
    public List<DkimResult> verify(byte[] rawMessage) {
        DkimMessage message = DkimMessage.parse(rawMessage);
        List<DkimResult> results = new ArrayList<>();
        for (String field : message.fields()) {
            if (DkimMessage.nameOf(field).equals("dkim-signature")) {
                results.add(verifyOne(message, field));
            }
        }
        return results;
    }

    private DkimResult verifyOne(DkimMessage message, String field) {
        TagList tags;
        try {
            tags = TagList.parse(DkimMessage.valueOf(field));
        } catch (DkimException e) {
            return new DkimResult("", "", "", false, e.getMessage());
        }
        String domain = tags.get("d").orElse("");
        String selector = tags.get("s").orElse("");
        String algorithm = tags.get("a").orElse("");
        try {
            DkimSignature signature = DkimSignature.of(field, tags, clock.instant());
            DkimKey key = key(signature);
            checkBodyHash(message, signature);
            checkSignature(message, signature, key);
            return new DkimResult(domain, selector, algorithm, true, "");
        } catch (DkimException e) {
            return new DkimResult(domain, selector, algorithm, false, e.getMessage());
        }
    }

    private DkimKey key(DkimSignature signature) throws DkimException {
        List<String> records;
        try {
            records = dns.txt(signature.keyName());
        } catch (SpfDns.DnsFailure e) {
            throw new DkimException("key lookup failed (temporary): " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new DkimException("no key record at " + signature.keyName());
        }
        // Several TXT records: the first that is a key record counts; none, and the first one's fault is the reason.
        DkimException firstProblem = null;
        for (String record : records) {
            try {
                DkimKey key = DkimKey.parse(record);
                if (!key.keyType().equals(signature.algorithm().keyType())) {
                    throw new DkimException("key type k=" + key.keyType() + " does not fit a=" + signature.algorithm().tag());
                }
                return key;
            } catch (DkimException e) {
                firstProblem = firstProblem == null ? e : firstProblem;
            }
        }
        throw firstProblem;
    }

    private static void checkBodyHash(DkimMessage message, DkimSignature signature) throws DkimException {
        byte[] body = signature.bodyCanonicalization().body(message.bytes(), message.bodyStart());
        if (signature.bodyLength().isPresent()) {
            long length = signature.bodyLength().getAsLong();
            if (length > body.length) {
                throw new DkimException("body shorter than l=" + length + " (" + body.length + " bytes)");
            }
            body = Arrays.copyOf(body, (int) length);
        }
        if (!MessageDigest.isEqual(sha256(body), signature.bodyHash())) {
            throw new DkimException("body hash mismatch");
        }
    }

    private static void checkSignature(DkimMessage message, DkimSignature signature, DkimKey key) throws DkimException {
        Canonicalization canonicalization = signature.headerCanonicalization();
        Map<String, List<String>> instances = new HashMap<>();
        for (String field : message.fields()) {
            instances.computeIfAbsent(DkimMessage.nameOf(field), name -> new ArrayList<>()).add(field);
        }
        StringBuilder headerData = new StringBuilder();
        Map<String, Integer> taken = new HashMap<>();
        for (String name : signature.signedHeaders()) {
            List<String> fields = instances.getOrDefault(name, List.of());
            int used = taken.merge(name, 1, Integer::sum);
            if (used <= fields.size()) {
                headerData.append(canonicalization.header(fields.get(fields.size() - used)));
            }
        }
        String own = canonicalization.header(signature.withEmptySignature());
        headerData.append(own, 0, own.length() - 2); // without its final CRLF
        boolean valid;
        try {
            valid = signature.algorithm().verify(key.key(), headerData.toString().getBytes(StandardCharsets.ISO_8859_1),
                    signature.signature());
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new DkimException("signature mismatch");
        }
        if (key.strict() && !signature.identityDomain().isEmpty()
                && !signature.identityDomain().equals(signature.domain())) {
            throw new DkimException("key record t=s: i= must be in d=" + signature.domain() + " itself");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
