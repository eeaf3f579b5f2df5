package io.mailgate.feedback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One group of "Name: value" fields, as in a delivery-status or feedback-report body.
 * Names are case-insensitive; a name may repeat (Original-Rcpt-To); folded lines are joined.
 */
final class FieldBlock {

    private final Map<String, List<String>> fields = new LinkedHashMap<>();

    /** Splits a body into blocks at blank lines; lines that are not fields are skipped (broken reports). */
    static List<FieldBlock> parseAll(String body) {
        List<FieldBlock> blocks = new ArrayList<>();
        FieldBlock current = new FieldBlock();
        String lastName = null;
        for (String line : body.split("\r?\n|\r", -1)) {
            if (line.isBlank()) {
                if (!current.fields.isEmpty()) {
                    blocks.add(current);
                    current = new FieldBlock();
                }
                lastName = null;
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && lastName != null) {
                List<String> values = current.fields.get(lastName);
                int last = values.size() - 1;
                values.set(last, values.get(last) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).matches("[A-Za-z][A-Za-z0-9\\-]*")) {
                lastName = line.substring(0, colon).toLowerCase(Locale.ROOT);
                current.fields.computeIfAbsent(lastName, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            } else {
                lastName = null;
            }
        }
        if (!current.fields.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }

    String get(String name) {
        List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    List<String> getAll(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    boolean has(String name) {
        return fields.containsKey(name.toLowerCase(Locale.ROOT));
    }
}
