package io.mailgate.mailauth.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message file read for verification: its header fields as written and where the body starts.
 *
 * <p>Files on disk often have LF line ends where the message on the wire had CRLF, which is what
 * was signed; so every bare LF or CR becomes CRLF first (as dkimpy and the signer's RawMessage
 * do). An mbox "From " line on top is skipped. A message without a blank line has an empty body.
 * Header fields hold the bytes one char per byte (ISO-8859-1), folding kept, final CRLF dropped.
 */
final class DkimMessage {

    private final byte[] bytes;
    private final List<String> fields;
    private final int bodyStart;

    private DkimMessage(byte[] bytes, List<String> fields, int bodyStart) {
        this.bytes = bytes;
        this.fields = fields;
        this.bodyStart = bodyStart;
    }

    static DkimMessage parse(byte[] raw) {
        byte[] bytes = withCrlfLines(raw);
        List<String> fields = new ArrayList<>();
        StringBuilder field = null;
        int lineStart = 0;
        while (lineStart < bytes.length) {
            int lineEnd = indexOfCrlf(bytes, lineStart);
            if (lineEnd < 0) {
                lineEnd = bytes.length; // the last line of a message without body
            }
            if (lineEnd == lineStart) {
                addField(fields, field);
                return new DkimMessage(bytes, List.copyOf(fields), lineEnd + 2);
            }
            String line = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && field != null) {
                field.append("\r\n").append(line);
            } else if (!(lineStart == 0 && line.startsWith("From "))) {
                addField(fields, field);
                field = new StringBuilder(line);
            }
            lineStart = lineEnd + 2;
        }
        addField(fields, field);
        return new DkimMessage(bytes, List.copyOf(fields), bytes.length);
    }

    byte[] bytes() {
        return bytes;
    }

    int bodyStart() {
        return bodyStart;
    }

    /** Every header field, top to bottom, as written. */
    List<String> fields() {
        return fields;
    }

    /** The field's name in lower case, or "" for a line without colon. */
    static String nameOf(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? "" : field.substring(0, colon).stripTrailing().toLowerCase(Locale.ROOT);
    }

    /** The value as written: after the colon, folding kept. */
    static String valueOf(String field) {
        return field.substring(field.indexOf(':') + 1);
    }

    private static void addField(List<String> fields, StringBuilder field) {
        if (field != null && field.indexOf(":") > 0) {
            fields.add(field.toString());
        }
    }

    private static byte[] withCrlfLines(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 256);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
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
