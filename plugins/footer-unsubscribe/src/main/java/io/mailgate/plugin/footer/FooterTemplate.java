package io.mailgate.plugin.footer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A footer template in one language: a text and an HTML variant with {@code {{name}}} variables.
 * Variables: {@code company}, {@code address}, {@code registration} (register name and number),
 * {@code phone}, {@code contact} (email or contact page), {@code identity} (all of those on one
 * line), {@code unsubscribe_url}, {@code consent} (why the recipient gets the mail, REQ-5) and
 * {@code list} (the resource's name). In the HTML variant every value is HTML-escaped.
 *
 * <p>The mandatory parts (REQ-1, REQ-4) cannot be left out: {@link #problems} names what a template
 * lacks, and a template with a problem is refused.
 */
record FooterTemplate(String text, String html) {

    static final List<String> VARIABLES = List.of("company", "address", "registration", "phone", "contact",
            "identity", "unsubscribe_url", "consent", "list");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");
    private static final List<String> IDENTITY_PARTS = List.of("company", "address", "registration", "phone", "contact");

    /** What keeps this template from being used; empty when it is fine. */
    static List<String> problems(String text, String html) {
        List<String> problems = new ArrayList<>();
        check("text", text, problems);
        check("html", html, problems);
        return problems;
    }

    private static void check(String variant, String template, List<String> problems) {
        if (template == null || template.isBlank()) {
            problems.add(variant + " is empty");
            return;
        }
        List<String> used = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(template);
        while (matcher.find()) {
            if (!VARIABLES.contains(matcher.group(1))) {
                problems.add(variant + " uses the unknown variable {{" + matcher.group(1) + "}}");
            }
            used.add(matcher.group(1));
        }
        if (!used.contains("unsubscribe_url")) {
            problems.add(variant + " lacks {{unsubscribe_url}} (REQ-1)");
        }
        if (!used.contains("identity") && !used.containsAll(IDENTITY_PARTS)) {
            problems.add(variant + " lacks the sender's identity: {{identity}}, or {{company}}, {{address}},"
                    + " {{registration}}, {{phone}} and {{contact}} (REQ-4)");
        }
    }

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
