package io.mailgate.plugin.content;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bare links in text: "https://…", "http://…", "www.…" and "host.tld/path". A link never spans
 * white space and always holds a '/' or "www.", so the pattern only runs over the runs of
 * non-space characters that hold one of them (the lookbehind still sees the character before the
 * run): on a long text that is a small part of it.
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
        int start = 0;
        int length = text.length();
        while (start < length) {
            while (start < length && isSpace(text.charAt(start))) {
                start++;
            }
            int end = start;
            boolean candidate = false;
            while (end < length && !isSpace(text.charAt(end))) {
                char c = text.charAt(end);
                candidate |= c == '/' || ((c == '.') && end - start >= 3 && text.regionMatches(true, end - 3, "www", 0, 3));
                end++;
            }
            if (candidate) {
                matcher.region(start, end);
                while (matcher.find()) {
                    if (found++ >= MAX_LINKS) {
                        return;
                    }
                    String url = matcher.group().replaceAll("[.,;:!?]+$", "");
                    Link.parse(url).ifPresent(into::addLink);
                }
            }
            start = end;
        }
    }

    /** The white space of the pattern's {@code \s}: a link holds none of it. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
