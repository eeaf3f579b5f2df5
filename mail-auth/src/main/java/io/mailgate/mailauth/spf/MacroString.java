package io.mailgate.mailauth.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A macro string of RFC 7208 section 7, parsed once (syntax errors are found before anything is
 * evaluated) and expanded for each check.
 *
 * <p>Three kinds, by where the text comes from:
 * <ul>
 *   <li>{@link Kind#DOMAIN_SPEC}: the target of a mechanism, {@code redirect=} or {@code exp=}.
 *       Letters {@code s l o d i p v h} only; it must end in a macro or in {@code "." toplabel}
 *       (7.1: {@code domain-end}), e.g. {@code %{ir}.%{v}._spf.%{d2}} or {@code _spf.example.com}.</li>
 *   <li>{@link Kind#MODIFIER_VALUE}: the value of an unknown modifier: checked, never expanded.</li>
 *   <li>{@link Kind#EXPLANATION}: the TXT text an {@code exp=} points to: spaces and the letters
 *       {@code c r t} allowed too.</li>
 * </ul>
 *
 * <p>A macro {@code %{letter digits r delimiters}} splits the letter's value at the delimiters
 * (default {@code .}), reverses the parts with {@code r}, keeps the rightmost {@code digits} parts and
 * joins them with dots; an upper-case letter URL-escapes the result. {@code %%}, {@code %_} and
 * {@code %-} stand for {@code %}, a space and {@code %20}.
 */
final class MacroString {

    /** Where a macro string appears; decides what it may contain. */
    enum Kind { DOMAIN_SPEC, MODIFIER_VALUE, EXPLANATION }

    /** The value of each macro letter (lower case) for one expansion. */
    @FunctionalInterface
    interface Values {
        String of(char letter);
    }

    private static final String DOMAIN_LETTERS = "slodipvh";
    private static final String EXPLANATION_LETTERS = "slodipvhcrt";
    private static final String DELIMITERS = ".-+,/_=";
    private static final int MAX_PARTS = 128; // more parts than any DNS name has

    /** 7.1 {@code domain-end} when it is not a macro: "." toplabel ["."], at the end of the literal text. */
    private static final Pattern LITERAL_DOMAIN_END = Pattern.compile(
            ".*\\.(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])\\.?");

    private sealed interface Part permits Literal, Macro {
    }

    private record Literal(String text) implements Part {
    }

    private record Macro(char letter, int rightParts, boolean reverse, String delimiters, boolean urlEscape)
            implements Part {

        String expand(String value) {
            List<String> parts = split(value, delimiters.isEmpty() ? "." : delimiters);
            if (reverse) {
                Collections.reverse(parts);
            }
            if (rightParts < parts.size()) {
                parts = parts.subList(parts.size() - rightParts, parts.size());
            }
            String joined = String.join(".", parts);
            return urlEscape ? urlEscaped(joined) : joined;
        }
    }

    private final String text;
    private final List<Part> parts;

    private MacroString(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** Parses {@code text} as a macro string of {@code kind}; a syntax error is {@code permerror}. */
    static MacroString parse(String text, Kind kind) throws SpfException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int literalStart = 0; // where the raw literal text after the last macro-expand begins
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                if (!isLiteral(c, kind)) {
                    throw SpfException.permerror("character 0x" + Integer.toHexString(c) + " not allowed in '" + text + "'");
                }
                literal.append(c);
                i++;
                continue;
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            switch (next) {
                case '%' -> literal.append('%');
                case '_' -> literal.append(' ');
                case '-' -> literal.append("%20");
                case '{' -> {
                    int close = text.indexOf('}', i + 2);
                    if (close < 0) {
                        throw SpfException.permerror("unterminated macro in '" + text + "'");
                    }
                    if (literal.length() > 0) {
                        parts.add(new Literal(literal.toString()));
                        literal.setLength(0);
                    }
                    parts.add(macro(text.substring(i + 2, close), kind, text));
                    i = close + 1;
                    literalStart = i;
                    continue;
                }
                default -> throw SpfException.permerror("'%' must be followed by '{', '%', '_' or '-' in '" + text + "'");
            }
            i += 2;
            literalStart = i;
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        if (kind == Kind.DOMAIN_SPEC) {
            checkDomainEnd(text, literalStart);
        }
        return new MacroString(text, List.copyOf(parts));
    }

    /** The expansion with the given macro values. */
    String expand(Values values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else {
                Macro macro = (Macro) part;
                out.append(macro.expand(values.of(macro.letter())));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean isLiteral(char c, Kind kind) {
        return (c >= 0x21 && c <= 0x7E) || (c == ' ' && kind == Kind.EXPLANATION);
    }

    private static Macro macro(String body, Kind kind, String text) throws SpfException {
        if (body.isEmpty()) {
            throw SpfException.permerror("empty macro in '" + text + "'");
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        String allowed = kind == Kind.EXPLANATION ? EXPLANATION_LETTERS : DOMAIN_LETTERS;
        if (allowed.indexOf(lower) < 0) {
            throw SpfException.permerror("macro letter '" + letter + "' not allowed in '" + text + "'"
                    + ("crt".indexOf(lower) >= 0 ? " (c, r and t only in explanation text)" : ""));
        }
        int i = 1;
        int rightParts = MAX_PARTS;
        if (i < body.length() && Character.isDigit(body.charAt(i))) {
            int value = 0;
            while (i < body.length() && Character.isDigit(body.charAt(i))) {
                value = Math.min(MAX_PARTS, value * 10 + (body.charAt(i) - '0'));
                i++;
            }
            if (value == 0) {
                throw SpfException.permerror("macro keeps zero parts in '" + text + "'");
            }
            rightParts = value;
        }
        boolean reverse = false;
        if (i < body.length() && Character.toLowerCase(body.charAt(i)) == 'r') {
            reverse = true;
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw SpfException.permerror("'" + d + "' is not a macro delimiter in '" + text + "'");
            }
        }
        return new Macro(lower, rightParts, reverse, delimiters, Character.isUpperCase(letter));
    }

    private static void checkDomainEnd(String text, int literalStart) throws SpfException {
        if (text.isEmpty()) {
            throw SpfException.permerror("empty domain-spec");
        }
        boolean endsWithMacro = literalStart == text.length();
        if (!endsWithMacro && !LITERAL_DOMAIN_END.matcher(text.substring(literalStart)).matches()) {
            throw SpfException.permerror("'" + text + "' does not end in a macro or a valid top label (RFC 7208 7.1)");
        }
    }

    private static List<String> split(String value, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (delimiters.indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, over UTF-8. */
    private static String urlEscaped(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
            }
        }
        return out.toString();
    }
}
