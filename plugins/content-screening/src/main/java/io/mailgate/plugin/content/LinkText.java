package io.mailgate.plugin.content;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Bare links in text: "https://…", "http://…", "www.…" and "host.tld/path". */
final class LinkText {

    private static final Pattern BARE = Pattern.compile(
            "(?i)(?<![\\w@.-])(?:https?://[^\\s<>\"'()\\[\\]]+|www\\.[^\\s<>\"'()\\[\\]]+|(?:[a-z0-9-]+\\.)+[a-z]{2,}/[^\\s<>\"'()\\[\\]]*)");

    private LinkText() {
    }

    static void find(String text, MessageText into) {
        Matcher matcher = BARE.matcher(text);
        int found = 0;
        while (matcher.find() && found++ < 1000) {
            String url = matcher.group().replaceAll("[.,;:!?]+$", "");
            Link.parse(url).ifPresent(into::addLink);
        }
    }
}
