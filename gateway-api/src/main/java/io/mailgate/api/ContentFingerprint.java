package io.mailgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.ParseException;

/**
 * What "the same message" means for the duplicate rules (AUTH-7 from two domains, SUP-8 within a
 * day): a SHA-256 fingerprint of the body's content, the same however the message travelled or
 * was composed.
 *
 * <p>What does not count: the header (Date, Message-ID differ per send), MIME boundaries, the
 * transfer encoding (each leaf part is decoded: quoted-printable, base64 and 8bit give the same),
 * line ends (CRLF, LF), and in text parts trailing whitespace, runs of spaces and tabs (one
 * space), and blank lines at the end. What counts: each leaf part's media type (text/plain, no
 * parameters) and decoded content, in order.
 *
 * <p>A body whose MIME structure cannot be read (a broken multipart, an unknown transfer
 * encoding) is fingerprinted as one text part from its raw bytes, so that an SMTP check and a
 * stage still agree on it.
 */
public final class ContentFingerprint {

    private static final int MAX_DEPTH = 20;
    private static final int BUFFER = 8192;

    private ContentFingerprint() {
    }

    /**
     * The message as SUP-8 compares it: its subject and its body. A resend under a new subject is a
     * new message there; the same body from another domain (AUTH-7) is not, see {@link #ofBody}.
     */
    public static String of(MimeMessage message) throws MessagingException {
        MessageDigest digest = sha256();
        String subject = message.getSubject();
        digest.update((subject == null ? "" : subject.strip()).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(ofBody(message));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of the body's content, canonical as the class comment says. */
    public static byte[] ofBody(MimeMessage message) throws MessagingException {
        MessageDigest digest = sha256();
        try {
            addPart(message, digest, 0);
        } catch (MessagingException | IOException unreadableStructure) {
            // JavaMail reports a bad part (unknown encoding, missing boundary) either way; a real
            // read error fails again on the raw bytes and is thrown from there.
            digest.reset();
            try (InputStream raw = message.getRawInputStream()) {
                addLeaf("text/plain", raw, true, digest);
            } catch (IOException e) {
                throw new MessagingException("cannot read the message to fingerprint it", e);
            }
        }
        return digest.digest();
    }

    private static void addPart(Part part, MessageDigest digest, int depth) throws IOException, MessagingException {
        if (depth < MAX_DEPTH && part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    addPart(multipart.getBodyPart(i), digest, depth + 1);
                }
                return;
            }
        }
        try (InputStream decoded = part.getInputStream()) {
            addLeaf(baseType(part), decoded, part.isMimeType("text/*"), digest);
        }
    }

    /** Into {@code digest}: the media type, then the SHA-256 of the (canonical) content. */
    private static void addLeaf(String type, InputStream content, boolean text, MessageDigest digest) throws IOException {
        MessageDigest leaf = sha256();
        if (text) {
            canonicalText(content, leaf);
        } else {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = content.read(buffer)) > 0; ) {
                leaf.update(buffer, 0, n);
            }
        }
        digest.update(type.getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(leaf.digest());
    }

    /**
     * Lines end in one LF whatever they ended in; spaces and tabs at the end of a line are dropped
     * and other runs become one space; blank lines at the end are dropped.
     */
    private static void canonicalText(InputStream in, MessageDigest digest) throws IOException {
        byte[] input = new byte[BUFFER];
        byte[] output = new byte[BUFFER + 2];
        int out = 0;
        int pendingLineEnds = 0;
        boolean pendingSpace = false;
        boolean afterCr = false;
        for (int n; (n = in.read(input)) > 0; ) {
            for (int i = 0; i < n; i++) {
                byte b = input[i];
                if (b == '\n' && afterCr) {
                    afterCr = false; // the LF of a CRLF
                    continue;
                }
                afterCr = b == '\r';
                if (b == '\r' || b == '\n') {
                    pendingLineEnds++;
                    pendingSpace = false;
                } else if (b == ' ' || b == '\t') {
                    pendingSpace = true;
                } else {
                    while (pendingLineEnds > 0) {
                        output[out++] = '\n';
                        pendingLineEnds--;
                        if (out >= BUFFER) {
                            digest.update(output, 0, out);
                            out = 0;
                        }
                    }
                    if (pendingSpace) {
                        output[out++] = ' ';
                        pendingSpace = false;
                    }
                    output[out++] = b;
                    if (out >= BUFFER) {
                        digest.update(output, 0, out);
                        out = 0;
                    }
                }
            }
        }
        digest.update(output, 0, out);
    }

    private static String baseType(Part part) throws MessagingException {
        String contentType = part.getContentType();
        if (contentType == null) {
            return "text/plain";
        }
        try {
            return new ContentType(contentType).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return "application/octet-stream";
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
