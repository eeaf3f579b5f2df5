package io.mailgate.mailauth.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A DKIM tag list (RFC 6376, section 3.2): {@code name=value} pairs separated by {@code ;}, folding
 * white space allowed around names, values and separators, a final {@code ;} optional. Used for
 * both the DKIM-Signature field and the key record.
 *
 * <p>A tag named twice, a tag without {@code =} or with a name that is not {@code ALPHA *(ALPHA /
 * DIGIT / "_")} makes the whole list invalid ({@link DkimException}), as the RFC says.
 */
final class TagList {

    private final Map<String, String> tags;

    private TagList(Map<String, String> tags) {
        this.tags = tags;
    }

    static TagList parse(String text) throws DkimException {
        Map<String, String> tags = new LinkedHashMap<>();
        String[] specs = text.split(";", -1);
        for (int i = 0; i < specs.length; i++) {
            String spec = stripFws(specs[i]);
            if (spec.isEmpty() && i == specs.length - 1) {
                break; // the optional final ";"
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new DkimException("bad tag list: '" + spec + "' is not name=value");
            }
            String name = stripFws(spec.substring(0, eq));
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new DkimException("bad tag list: '" + name + "' is not a tag name");
            }
            if (tags.put(name, stripFws(spec.substring(eq + 1))) != null) {
                throw new DkimException("bad tag list: tag " + name + "= appears twice");
            }
        }
        return new TagList(Collections.unmodifiableMap(tags));
    }

    /** The value of a tag, FWS around it removed (tag names are case-sensitive). */
    Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    String require(String name) throws DkimException {
        String value = tags.get(name);
        if (value == null) {
            throw new DkimException("bad tag: " + name + "= is missing");
        }
        return value;
    }

    boolean isFirst(String name) {
        return !tags.isEmpty() && tags.keySet().iterator().next().equals(name);
    }

    /** The value with all folding white space removed: base64 tags (b=, bh=, p=) may be folded anywhere. */
    static String withoutFws(String value) {
        return value.replaceAll("[ \t\r\n]", "");
    }

    static String lowerCase(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static String stripFws(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isFws(text.charAt(start))) {
            start++;
        }
        while (end > start && isFws(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isFws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
