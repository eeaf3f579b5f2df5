package io.mailgate.feedback;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small text helpers: decoding bytes of unknown charset, finding codes and addresses. */
final class Texts {

    // A status code is three numbers; the look-arounds keep IP addresses and version numbers out.
    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?!\\.?\\d)");
    // A reply code stands at a line start, after "<<<", after a colon or "said:", followed by a space or '-'.
    private static final Pattern REPLY = Pattern.compile(
            "(?:^|[\\s:(\\[\"'<>]|<<<)([245][0-5][0-9])(?=[ \\-]|$)(?![ \\-]\\d{2,}[:.]\\d)", Pattern.MULTILINE);
    static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\\-]+@[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?)+");

    private Texts() {
    }

    /** Decodes with the declared charset; without one, UTF-8 if the bytes are valid UTF-8, else Latin-1 (never fails). */
    static String decode(byte[] bytes, String charset) {
        if (charset != null && !charset.isBlank()) {
            try {
                return new String(bytes, Charset.forName(charset.trim().replace("\"", "")));
            } catch (RuntimeException unknownCharset) {
                // fall through to the guess below
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static String firstStatus(String text) {
        Matcher m = STATUS.matcher(text);
        return m.find() ? m.group() : "";
    }

    static String firstReplyCode(String text) {
        Matcher m = REPLY.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    /** Whitespace runs (line breaks included) to one space. */
    static String collapse(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    /** "rfc822; user@example.com" and "<user@example.com>" to "user@example.com". */
    static String bareAddress(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        int semicolon = v.indexOf(';');
        if (semicolon >= 0 && semicolon < 20) {
            v = v.substring(semicolon + 1);
        }
        Matcher m = ADDRESS.matcher(v);
        if (m.find()) {
            return trimDots(m.group());
        }
        return v.replaceAll("[<>\\s]", "");
    }

    static String trimDots(String address) {
        String a = address;
        while (a.startsWith(".")) {
            a = a.substring(1);
        }
        while (a.endsWith(".")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }

    /** Drops a "smtp;" / "X-Postfix;" type prefix of a Diagnostic-Code value. */
    static String withoutTypePrefix(String value) {
        if (value == null) {
            return "";
        }
        return value.replaceFirst("^\\s*[A-Za-z0-9\\-]{1,20}\\s*;\\s*", "").trim();
    }
}
