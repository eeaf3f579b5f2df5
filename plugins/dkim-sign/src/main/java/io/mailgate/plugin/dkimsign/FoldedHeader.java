package io.mailgate.plugin.dkimsign;

/**
 * Writes a header field folded to lines of at most 78 characters (RFC 5322, section 2.1.1), the
 * way the DKIM-Signature field is built: tags one after the other, each after a space, and long
 * values (the header list, base64 hashes and signatures) continued over as many lines as they
 * need. A fold is CRLF followed by a tab; DKIM allows folding whitespace at each of these places.
 *
 * <p>Appending only ever adds text at the end, so the field written up to {@code b=} (what the
 * signature covers) is a prefix of the whole field.
 */
final class FoldedHeader {

    private static final int WIDTH = 78;
    private static final String FOLD = "\r\n\t";

    private final StringBuilder text;
    private int column;

    FoldedHeader(String name) {
        text = new StringBuilder(name).append(':');
        column = text.length();
    }

    /** Starts a new tag (or ends the field name): after a space, or on a new line. */
    FoldedHeader tag(String atom) {
        if (column + 1 + atom.length() > WIDTH) {
            fold();
        } else {
            text.append(' ');
            column++;
        }
        return append(atom);
    }

    /** Continues the current tag's value with an atom that is not split: directly, or on a new line. */
    FoldedHeader atom(String atom) {
        if (column + atom.length() > WIDTH) {
            fold();
        }
        return append(atom);
    }

    /** Continues the current tag's value with text that may be split anywhere (base64). */
    FoldedHeader fill(String value) {
        int from = 0;
        while (from < value.length()) {
            if (column >= WIDTH) {
                fold();
            }
            int to = Math.min(value.length(), from + WIDTH - column);
            append(value.substring(from, to));
            from = to;
        }
        return this;
    }

    private void fold() {
        text.append(FOLD);
        column = 1;
    }

    private FoldedHeader append(String atom) {
        text.append(atom);
        column += atom.length();
        return this;
    }

    /** The field as written so far: name, colon, value with its folds; no CRLF at the end. */
    @Override
    public String toString() {
        return text.toString();
    }
}
