package io.mailgate.plugin.dkimsign;

import java.util.Locale;

/**
 * The "relaxed" header canonicalization of RFC 6376, section 3.4.2.
 *
 * <p>Input: one header field as it is written in the message, name, colon and value, with its
 * folding (CRLF followed by WSP) but without the CRLF that ends it. Output: the canonical form,
 * {@code name:value} followed by CRLF: the name in lower case, the field unfolded, every run of
 * WSP (space, tab) turned into one space, WSP removed before and after the colon and at the end
 * of the value.
 *
 * <p>Strings hold the message's bytes one char per byte (ISO-8859-1), so 8-bit bytes in a header
 * pass through unchanged.
 */
final class RelaxedHeader {

    private RelaxedHeader() {
    }

    static String canonicalize(String field) {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a header field (no colon): " + field);
        }
        String name = stripTrailingWsp(field.substring(0, colon)).toLowerCase(Locale.ROOT);
        String value = stripWsp(compressWsp(unfold(field.substring(colon + 1))));
        return name + ":" + value + "\r\n";
    }

    private static String unfold(String value) {
        return value.replace("\r\n", "");
    }

    private static String compressWsp(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean inWsp = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWsp(c)) {
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
        while (start < text.length() && isWsp(text.charAt(start))) {
            start++;
        }
        return stripTrailingWsp(text.substring(start));
    }

    private static String stripTrailingWsp(String text) {
        int end = text.length();
        while (end > 0 && isWsp(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }
}
