package io.mailgate.plugin.footer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A footer template in one language, rendered: a text and an HTML variant with {@code {{name}}}
 * variables. Variables: {@code company}, {@code address}, {@code registration} (register name and
 * number), {@code phone}, {@code contact} (email or contact page), {@code identity} (all of those on
 * one line), {@code unsubscribe_url}, {@code consent} (why the recipient gets the mail, REQ-5) and
 * {@code list} (the resource's name). In the HTML variant every value is HTML-escaped. Which
 * templates may be saved is {@link io.mailgate.api.FooterTemplates.Template#problems}'s to say.
 */
record FooterTemplate(String text, String html) {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    Footer render(Map<String, String> values) {
        return new Footer(fill(text, values, false), fill(html, values, true));
    }

    private static String fill(String template, Map<String, String> values, boolean html) {
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (matcher.find()) {
            String value = values.getOrDefault(matcher.group(1), "");
            matcher.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
