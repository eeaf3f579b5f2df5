package io.mailgate.plugin.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** {@link LinkText} finds the links the pattern finds over the whole text, though it only runs it where a link can be. */
class LinkTextTest {

    private static final Pattern BARE = Pattern.compile(
            "(?i)(?<![\\w@.-])(?:https?://[^\\s<>\"'()\\[\\]]+|www\\.[^\\s<>\"'()\\[\\]]+|(?:[a-z0-9-]+\\.)+[a-z]{2,}/[^\\s<>\"'()\\[\\]]*)");

    @Test
    void linksShouldBeTheOnesThePatternFindsInTheWholeText() {
        String[] pieces = {"https://", "http://", "HTTP://", "www.", "WwW.", "xwww.", "(www.", "shop", "acme", ".test", ".org",
            ".", "/", "/path", "?q=1", "@", "-", "_", " ", " ", "\r\n", "\t", "\u000B", "\f", "<", ">", "\"", "'", "(", ")",
            "[", "]", ",", ";", "!", "казино.рф/", "bit.ly/x", "a", "1"};
        Random random = new Random(3);
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int p = 0; p < length; p++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            assertEquals(wholeText(text.toString()), found(text.toString()), text.toString());
        }
    }

    @Test
    void atMostAThousandLinksShouldBeRead() {
        String text = "see www.a.test/x ".repeat(1500);
        assertEquals(1000, found(text).size());
        assertEquals(wholeText(text), found(text));
    }

    private static List<Link> found(String text) {
        MessageText into = new MessageText();
        LinkText.find(text, into);
        return into.links();
    }

    /** The reading before: the pattern over the whole text. */
    private static List<Link> wholeText(String text) {
        MessageText into = new MessageText();
        Matcher matcher = BARE.matcher(text);
        int found = 0;
        while (matcher.find() && found++ < 1000) {
            Link.parse(matcher.group().replaceAll("[.,;:!?]+$", "")).ifPresent(into::addLink);
        }
        return into.links();
    }
}
