package io.mailgate.mailauth.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The two canonicalization algorithms of RFC 6376 (section 3.4), for header fields and for the body.
 *
 * <p>Header fields are strings holding the message's bytes one char per byte (ISO-8859-1): name,
 * colon and value with their folding, without the CRLF that ends the field. The body is the bytes
 * after the blank line, lines ending with CRLF ({@link DkimMessage} makes sure of that).
 *
 * <p>The signer in plugins/dkim-sign has its own copy of the relaxed forms (an OSGi bundle that
 * does not embed this library); both follow the same sections of the RFC.
 */
public enum Canonicalization {

    /** 3.4.1 and 3.4.3: the field as is; the body with its trailing empty lines reduced to one CRLF. */
    SIMPLE {
        @Override
        String header(String field) {
            return field + "\r\n";
        }

        @Override
        byte[] body(byte[] message, int bodyStart) {
            byte[] body = Arrays.copyOfRange(message, bodyStart, Math.max(bodyStart, message.length));
            if (!endsWithCrlf(body, body.length)) {
                // A last line without CRLF gets one; so does an empty body, which becomes CRLF.
                body = Arrays.copyOf(body, body.length + 2);
                body[body.length - 2] = '\r';
                body[body.length - 1] = '\n';
            }
            int end = body.length;
            while (end >= 4 && endsWithCrlf(body, end - 2)) {
                end -= 2; // an empty line at the end
            }
            return Arrays.copyOf(body, end);
        }
    },

    /** 3.4.2 and 3.4.4: white space compressed, trailing white space and empty lines dropped. */
    RELAXED {
        @Override
        String header(String field) {
            int colon = field.indexOf(':');
            String name = stripWsp(field.substring(0, colon)).toLowerCase(Locale.ROOT);
            String value = stripWsp(compressWsp(field.substring(colon + 1).replace("\r\n", "")));
            return name + ":" + value + "\r\n";
        }

        @Override
        byte[] body(byte[] message, int bodyStart) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(message.length - bodyStart, 0));
            int pendingEmptyLines = 0;
            int lineStart = bodyStart;
            while (lineStart < message.length) {
                int crlf = indexOfCrlf(message, lineStart);
                int lineEnd = crlf < 0 ? message.length : crlf;
                String line = stripTrailingWsp(compressWsp(new String(message, lineStart, lineEnd - lineStart,
                        StandardCharsets.ISO_8859_1)));
                if (line.isEmpty()) {
                    pendingEmptyLines++; // written only if a line with content follows
                } else {
                    for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                        out.write('\r');
                        out.write('\n');
                    }
                    out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
                    out.write('\r');
                    out.write('\n');
                }
                lineStart = crlf < 0 ? message.length : crlf + 2;
            }
            return out.toByteArray();
        }
    };

    /** The canonical form of one header field, ending with CRLF. */
    abstract String header(String field);

    /** The canonical body of {@code message} from {@code bodyStart}. */
    abstract byte[] body(byte[] message, int bodyStart);

    /** {@code simple} or {@code relaxed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Canonicalization byLabel(String label) throws DkimException {
        for (Canonicalization c : values()) {
            if (c.label().equals(label.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new DkimException("bad tag: c= names an unknown canonicalization '" + label + "'");
    }

    private static String compressWsp(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inWsp = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                inWsp = true;
            } else {
                if (inWsp) {
                    out.append(' ');
                    inWsp = false;
                }
                out.append(c);
            }
        }
        if (inWsp) {
            out.append(' ');
        }
        return out.toString();
    }

    /** Only SP and HTAB: {@code String.strip()} would also take other control characters. */
    private static String stripWsp(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean endsWithCrlf(byte[] bytes, int end) {
        return end >= 2 && bytes[end - 2] == '\r' && bytes[end - 1] == '\n';
    }

    private static String stripTrailingWsp(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
