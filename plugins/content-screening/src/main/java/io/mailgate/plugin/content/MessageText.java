package io.mailgate.plugin.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the screening reads of one message: the text of each field (subject, body, html, headers,
 * attachments, links), the links found, how much of the HTML was hidden, and what could not be
 * read. Each field keeps at most {@link #MAX_FIELD_CHARS} characters: the rest is not screened.
 */
final class MessageText {

    static final int MAX_FIELD_CHARS = 512 * 1024;

    private final Map<String, StringBuilder> fields = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int hiddenChars;
    private boolean tooDeep;

    void append(String field, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        StringBuilder value = fields.computeIfAbsent(field, name -> new StringBuilder());
        if (value.length() >= MAX_FIELD_CHARS) {
            return;
        }
        if (value.length() > 0) {
            value.append("\n\n");
        }
        value.append(text, 0, Math.min(text.length(), MAX_FIELD_CHARS - value.length()));
    }

    void addLink(Link link) {
        if (links.size() < 1000) {
            links.add(link);
        }
    }

    void addHidden(int chars) {
        hiddenChars += chars;
    }

    void problem(String problem) {
        if (problems.size() < 20) {
            problems.add(problem);
        }
    }

    void tooDeep() {
        tooDeep = true;
    }

    /** Field name to text, only the fields with text. */
    Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((name, text) -> out.put(name, text.toString()));
        return out;
    }

    String field(String name) {
        StringBuilder text = fields.get(name);
        return text == null ? "" : text.toString();
    }

    List<Link> links() {
        return links;
    }

    int hiddenChars() {
        return hiddenChars;
    }

    boolean isTooDeep() {
        return tooDeep;
    }

    List<String> problems() {
        return problems;
    }
}
