package io.mailgate.plugin.content;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * The text of an HTML part, read with jsoup: its visible text goes to the {@code html} field, its
 * links (href, src, action) to the links, and the text of hidden elements (display:none,
 * visibility:hidden, tiny fonts, text in the colour of its background) is counted as hidden and
 * still screened.
 */
final class HtmlText {

    private static final Pattern COLOR = Pattern.compile("(?:^|;)\\s*color\\s*:\\s*([^;]+)");
    private static final Pattern BACKGROUND = Pattern.compile("background(?:-color)?\\s*:\\s*([^;]+)");
    private static final Pattern TINY_FONT = Pattern.compile("font-size\\s*:\\s*(0|0?\\.\\d+|1)(px|pt|em|rem)?\\s*(;|$)");

    private HtmlText() {
    }

    static void read(String html, MessageText into) {
        Document document = Jsoup.parse(html);
        for (Element linked : document.select("[href], [src], [action]")) {
            for (String attribute : new String[] {"href", "src", "action"}) {
                if (linked.hasAttr(attribute)) {
                    Link.parse(linked.attr(attribute)).ifPresent(into::addLink);
                }
            }
        }
        Elements hidden = new Elements();
        for (Element element : document.select("[style], font[color], [hidden]")) {
            if (isHidden(element)) {
                hidden.add(element);
            }
        }
        for (Element element : hidden) {
            into.addHidden(element.text().length());
        }
        String text = document.body() == null ? document.text() : document.body().text();
        into.append("html", text);
        LinkText.find(text, into);
    }

    static boolean isHidden(Element element) {
        if (element.hasAttr("hidden")) {
            return true;
        }
        String style = element.attr("style").toLowerCase(Locale.ROOT).replace(" !important", "");
        if (style.matches("(?s).*display\\s*:\\s*none.*") || style.matches("(?s).*visibility\\s*:\\s*hidden.*")
                || TINY_FONT.matcher(style).find()) {
            return true;
        }
        String color = first(COLOR, style);
        if (color.isEmpty() && element.tagName().equals("font")) {
            color = element.attr("color").toLowerCase(Locale.ROOT).strip();
        }
        String background = first(BACKGROUND, style);
        if (background.isEmpty()) {
            for (Element parent : element.parents()) {
                background = first(BACKGROUND, parent.attr("style").toLowerCase(Locale.ROOT));
                if (background.isEmpty()) {
                    background = parent.attr("bgcolor").toLowerCase(Locale.ROOT).strip();
                }
                if (!background.isEmpty()) {
                    break;
                }
            }
        }
        if (background.isEmpty()) {
            background = "#ffffff";
        }
        return !color.isEmpty() && sameColour(color, background);
    }

    private static String first(Pattern pattern, String style) {
        Matcher matcher = pattern.matcher(style);
        return matcher.find() ? matcher.group(1).strip() : "";
    }

    private static boolean sameColour(String a, String b) {
        return normalColour(a).equals(normalColour(b));
    }

    private static String normalColour(String colour) {
        String c = colour.strip();
        return switch (c) {
            case "white", "#fff" -> "#ffffff";
            case "black", "#000" -> "#000000";
            default -> c;
        };
    }
}
