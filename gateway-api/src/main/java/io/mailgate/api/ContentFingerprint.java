package io.mailgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.MimeMessage;

/**
 * What "the same message" means for the duplicate rules (AUTH-7 from two domains, SUP-8 within a
 * day): a SHA-256 over the subject and every leaf part's type and decoded content, so that MIME
 * boundaries, transfer encodings, line endings and trailing spaces, which change from one send to
 * the next, do not make a copy look new.
 */
public final class ContentFingerprint {

    private ContentFingerprint() {
    }

    /** The fingerprint as 64 hex digits. */
    public static String of(MimeMessage message) throws MessagingException {
        MessageDigest digest = sha256();
        String subject = message.getSubject();
        update(digest, "subject:" + (subject == null ? "" : subject.strip()));
        try {
            part(digest, message, 0);
        } catch (IOException e) {
            throw new MessagingException("cannot read the message to fingerprint it", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void part(MessageDigest digest, Part part, int depth) throws MessagingException, IOException {
        if (depth > 20) {
            throw new MessagingException("MIME nesting deeper than 20 levels");
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            update(digest, "multipart:" + multipart.getCount());
            for (int i = 0; i < multipart.getCount(); i++) {
                part(digest, multipart.getBodyPart(i), depth + 1);
            }
            return;
        }
        String type = part.getContentType() == null ? "text/plain" : part.getContentType().split(";", 2)[0].strip();
        update(digest, "part:" + type.toLowerCase(java.util.Locale.ROOT));
        try (InputStream content = part.getInputStream()) {
            if (type.regionMatches(true, 0, "text/", 0, 5)) {
                textLines(digest, content);
            } else {
                digest.update(content.readAllBytes());
            }
        }
    }

    /** Text without CR, trailing spaces and trailing empty lines, so that transport changes do not count. */
    private static void textLines(MessageDigest digest, InputStream content) throws IOException {
        String text = new String(content.readAllBytes(), StandardCharsets.ISO_8859_1).replace("\r", "");
        StringBuilder normalized = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            normalized.append(line.stripTrailing()).append('\n');
        }
        update(digest, normalized.toString().stripTrailing());
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
