package io.mailgate.plugin.dkimsign;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Makes DKIM-Signature header fields (RFC 6376, section 5) for a message, one per
 * {@link SigningKey}: relaxed/relaxed canonicalization, SHA-256, the algorithm that goes with the
 * key (rsa-sha256 or ed25519-sha256, RFC 8463).
 *
 * <p>Input: the message as it will be sent ({@link RawMessage}), the keys, the signing time.
 * Output: the header fields, folded, without their final CRLF, to be put on top of the message.
 * The message itself is not changed.
 *
 * <p>Signed header fields, where present: {@link #SIGNED_HEADERS}. Each is named in {@code h=} as
 * many times as it occurs, so that every instance is signed (the verifier takes them from the
 * bottom up); {@code From} once more, so that a From added later breaks the signature
 * (over-signing, RFC 6376, section 8.15).
 *
 * <p>How each signature is computed (RFC 6376, sections 3.7 and 5.5): {@code bh=} is the base64
 * SHA-256 of the relaxed canonical body; the header data is the relaxed canonical form of the
 * signed fields in {@code h=} order, then of the DKIM-Signature field itself with an empty
 * {@code b=} and without its final CRLF; {@code b=} is the signature of that data.
 */
final class DkimSigner {

    /** In {@code h=} order. */
    static final List<String> SIGNED_HEADERS = List.of("from", "to", "cc", "subject", "date", "message-id",
            "mime-version", "content-type", "list-unsubscribe", "list-unsubscribe-post", "reply-to");

    private static final String OVERSIGNED = "from";
    private static final String HEADER_NAME = "DKIM-Signature";

    private DkimSigner() {
    }

    /** Throws {@link IllegalArgumentException} for a message without From, which DKIM cannot sign. */
    static List<String> sign(RawMessage message, List<SigningKey> keys, Instant time) throws GeneralSecurityException {
        if (message.fields(OVERSIGNED).isEmpty()) {
            throw new IllegalArgumentException("a message without a From field cannot be DKIM-signed");
        }
        String bodyHash = Base64.getEncoder().encodeToString(bodyHash(message));
        List<String> names = new ArrayList<>();
        StringBuilder signedFields = new StringBuilder();
        for (String name : SIGNED_HEADERS) {
            List<String> instances = message.fields(name);
            int listed = instances.isEmpty() ? 0 : instances.size() + (name.equals(OVERSIGNED) ? 1 : 0);
            for (int i = 0; i < listed; i++) {
                names.add(name);
                if (i < instances.size()) {
                    signedFields.append(RelaxedHeader.canonicalize(instances.get(instances.size() - 1 - i)));
                }
            }
        }
        List<String> headers = new ArrayList<>(keys.size());
        for (SigningKey key : keys) {
            headers.add(signatureField(key, names, signedFields, bodyHash, time));
        }
        return headers;
    }

    private static String signatureField(SigningKey key, List<String> names, CharSequence signedFields, String bodyHash,
            Instant time) throws GeneralSecurityException {
        FoldedHeader field = new FoldedHeader(HEADER_NAME)
                .tag("v=1;")
                .tag("a=" + key.algorithm().tag() + ";")
                .tag("c=relaxed/relaxed;")
                .tag("d=" + key.domain() + ";")
                .tag("s=" + key.selector() + ";")
                .tag("t=" + time.getEpochSecond() + ";");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) + (i == names.size() - 1 ? ";" : "");
            if (i == 0) {
                field.tag("h=" + name);
            } else {
                field.atom(":" + name);
            }
        }
        field.tag("bh=").fill(bodyHash + ";").tag("b=");

        String unsigned = RelaxedHeader.canonicalize(field.toString());
        String headerData = signedFields + unsigned.substring(0, unsigned.length() - 2);
        byte[] signature = key.algorithm().sign(key.key(), headerData.getBytes(StandardCharsets.ISO_8859_1));
        return field.fill(Base64.getEncoder().encodeToString(signature)).toString();
    }

    private static byte[] bodyHash(RawMessage message) {
        MessageDigest sha256 = sha256();
        try (OutputStream out = new BufferedOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
            RelaxedBody.write(message.bytes(), message.bodyStart(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: the stream writes to a digest", e);
        }
        return sha256.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
