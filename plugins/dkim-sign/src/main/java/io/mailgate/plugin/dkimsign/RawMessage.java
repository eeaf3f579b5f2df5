package io.mailgate.plugin.dkimsign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message as the bytes that will be sent: what the signer hashes and what the stage hands on.
 *
 * <p>Input: the message as {@code MimeMessage.writeTo} wrote it. The bytes are put in the form
 * SMTP sends them: every line ends with CRLF (a bare CR or LF becomes CRLF, as JavaMail's SMTP
 * transport does on the wire), and a message without a blank line after its header gets one (as
 * JavaMail writes it once parsed). Nothing else changes.
 *
 * <p>Output: those bytes, where the body starts, and the header fields as written (name, colon
 * and value with their folding, without the CRLF that ends each), one char per byte
 * (ISO-8859-1) so that no byte is lost.
 */
final class RawMessage {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final byte[] bytes;
    private final List<String> fields;
    private final int bodyStart;

    private RawMessage(byte[] bytes, List<String> fields, int bodyStart) {
        this.bytes = bytes;
        this.fields = fields;
        this.bodyStart = bodyStart;
    }

    static RawMessage of(byte[] written) {
        byte[] bytes = withCrlfLines(written);
        List<String> fields = new ArrayList<>();
        StringBuilder field = null;
        int lineStart = 0;
        while (true) {
            int lineEnd = indexOfCrlf(bytes, lineStart);
            if (lineEnd < 0) {
                // No blank line after the header: add it, the body is empty.
                bytes = blankLineAdded(bytes);
                lineEnd = indexOfCrlf(bytes, lineStart);
            }
            if (lineEnd == lineStart) {
                if (field != null) {
                    fields.add(field.toString());
                }
                return new RawMessage(bytes, List.copyOf(fields), lineEnd + 2);
            }
            String line = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
            boolean continuation = bytes[lineStart] == ' ' || bytes[lineStart] == '\t';
            if (continuation && field != null) {
                field.append("\r\n").append(line);
            } else {
                if (field != null) {
                    fields.add(field.toString());
                }
                field = new StringBuilder(line);
            }
            lineStart = lineEnd + 2;
        }
    }

    /** The whole message, lines ending in CRLF. The caller must not change the array. */
    byte[] bytes() {
        return bytes;
    }

    /** Where the body starts in {@link #bytes()}: after the blank line that ends the header. */
    int bodyStart() {
        return bodyStart;
    }

    /** Every header field of that name (case-insensitive), top to bottom, as written. */
    List<String> fields(String name) {
        List<String> found = new ArrayList<>();
        for (String field : fields) {
            if (name.equalsIgnoreCase(nameOf(field))) {
                found.add(field);
            }
        }
        return found;
    }

    /** The value of a field as written: after the colon, folding kept. */
    static String valueOf(String field) {
        return field.substring(field.indexOf(':') + 1);
    }

    private static String nameOf(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? "" : field.substring(0, colon).stripTrailing().toLowerCase(Locale.ROOT);
    }

    private static byte[] withCrlfLines(byte[] written) {
        if (hasOnlyCrlfLines(written)) {
            return written;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(written.length + 64);
        for (int i = 0; i < written.length; i++) {
            byte b = written[i];
            if (b == CR) {
                out.write(CR);
                out.write(LF);
                if (i + 1 < written.length && written[i + 1] == LF) {
                    i++;
                }
            } else if (b == LF) {
                out.write(CR);
                out.write(LF);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static boolean hasOnlyCrlfLines(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == CR) {
                if (i + 1 == bytes.length || bytes[i + 1] != LF) {
                    return false;
                }
                i++;
            } else if (bytes[i] == LF) {
                return false;
            }
        }
        return true;
    }

    private static byte[] blankLineAdded(byte[] bytes) {
        boolean endsWithCrlf = bytes.length >= 2 && bytes[bytes.length - 2] == CR && bytes[bytes.length - 1] == LF;
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 4);
        out.writeBytes(bytes);
        if (!endsWithCrlf && bytes.length > 0) {
            out.write(CR);
            out.write(LF);
        }
        out.write(CR);
        out.write(LF);
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == CR && bytes[i + 1] == LF) {
                return i;
            }
        }
        return -1;
    }
}
