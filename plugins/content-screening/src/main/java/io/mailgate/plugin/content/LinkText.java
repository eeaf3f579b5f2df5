package io.mailgate.plugin.content;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bare links in text: "https://…", "http://…", "www.…" and "host.tld/path". A link never spans
 * white space and always holds a '/' or "www.", so the pattern only runs over the runs of
 * non-space characters around one of them (the lookbehind still sees the character before the
 * run), found with {@link String#indexOf}: on a long text that is a small part of it.
 */
final class LinkText {

    private static final Pattern BARE = Pattern.compile(
            "(?i)(?<![\\w@.-])(?:https?://[^\\s<>\"'()\\[\\]]+|www\\.[^\\s<>\"'()\\[\\]]+|(?:[a-z0-9-]+\\.)+[a-z]{2,}/[^\\s<>\"'()\\[\\]]*)");
    private static final int MAX_LINKS = 1000;

    private LinkText() {
    }

    static void find(String text, MessageText into) {
        Matcher matcher = BARE.matcher(text).useTransparentBounds(true);
        int found = 0;
        int length = text.length();
        int slash = text.indexOf('/');
        int from = 0;
        while (from < length) {
            if (slash >= 0 && slash < from) {
                slash = text.indexOf('/', from);
            }
            int candidate = nextWww(text, from, slash < 0 ? length : slash);
            if (candidate < 0) {
                candidate = slash;
            }
            if (candidate < 0) {
                return;
            }
            int start = candidate;
            while (start > from && !isSpace(text.charAt(start - 1))) {
                start--;
            }
            int end = candidate;
            while (end < length && !isSpace(text.charAt(end))) {
                end++;
            }
            matcher.region(start, end);
            while (matcher.find()) {
                if (found++ >= MAX_LINKS) {
                    return;
                }
                String url = matcher.group().replaceAll("[.,;:!?]+$", "");
                Link.parse(url).ifPresent(into::addLink);
            }
            from = end;
        }
    }

    /** The first "www." (any case) from {@code from}, whose '.' comes before {@code before}; -1 if none. */
    private static int nextWww(String text, int from, int before) {
        for (int dot = text.indexOf('.', from); dot >= 0 && dot < before; dot = text.indexOf('.', dot + 1)) {
            if (dot - 3 >= from && text.regionMatches(true, dot - 3, "www", 0, 3)) {
                return dot;
            }
        }
        return -1;
    }

    /** The white space of the pattern's {@code \s}: a link holds none of it. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
