package io.mailgate.plugin.content;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One screening rule, as admins write it.
 *
 * @param id        unique, [a-z0-9._-], at most 64 characters
 * @param category  a {@link Category} id ("gambling")
 * @param languages "en" and/or "ru": the analyses its query is parsed with (the folded one always)
 * @param query     Lucene query syntax: phrases ("work from home"), proximity ("easy money"~3),
 *                  boolean (AND, OR, NOT, +, -), prefix (кредит*)
 * @param fields    where it looks: subject, body (text parts), html (text of HTML parts), headers
 *                  (the configured ones), links (link domains), attachments (file names)
 * @param action    reject, quarantine or tag
 * @param mode      enforce, or observe (log what it would do, deliver)
 * @param note      free text for admins
 */
record ContentRule(String id, String category, List<String> languages, String query, List<String> fields,
                   String action, String mode, String note) {

    static final Set<String> FIELDS = Set.of("subject", "body", "html", "headers", "links", "attachments");
    static final Set<String> LANGUAGES = Set.of(Analyzers.ENGLISH, Analyzers.RUSSIAN);

    enum Action { REJECT, QUARANTINE, TAG }

    enum Mode { ENFORCE, OBSERVE }

    /** Fills defaults and refuses what cannot work, naming the rule and the field. */
    ContentRule {
        if (id == null || !id.matches("[a-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("rule id must be 1-64 characters of a-z, 0-9, '.', '_', '-': " + id);
        }
        if (category == null || Category.byId(category).isEmpty()) {
            throw new IllegalArgumentException("rule " + id + ": unknown category " + category);
        }
        languages = languages == null || languages.isEmpty() ? List.of(Analyzers.ENGLISH, Analyzers.RUSSIAN) : List.copyOf(languages);
        for (String language : languages) {
            if (!LANGUAGES.contains(language)) {
                throw new IllegalArgumentException("rule " + id + ": unknown language " + language + " (en, ru)");
            }
        }
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("rule " + id + ": query is empty");
        }
        if (query.length() > 8000) {
            throw new IllegalArgumentException("rule " + id + ": query is longer than 8000 characters");
        }
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("rule " + id + ": note is longer than 2000 characters");
        }
        fields = fields == null || fields.isEmpty() ? List.of("subject", "body", "html") : List.copyOf(fields);
        for (String field : fields) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("rule " + id + ": unknown field " + field + " " + FIELDS);
            }
        }
        action = action == null || action.isBlank() ? Category.byId(category).get().defaultAction().name().toLowerCase(Locale.ROOT)
                : action.toLowerCase(Locale.ROOT);
        mode = mode == null || mode.isBlank() ? "enforce" : mode.toLowerCase(Locale.ROOT);
        parse(Action.class, id, "action", action);
        parse(Mode.class, id, "mode", mode);
        note = note == null ? "" : note;
    }

    /** Checks a rule that came over the API; throws IllegalArgumentException naming the problem. */
    static ContentRule of(io.mailgate.api.ContentRules.Rule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("a rule is required: {\"id\",\"category\",\"query\", …}");
        }
        return new ContentRule(rule.id(), rule.category(), rule.languages(), rule.query(), rule.fields(), rule.action(),
                rule.mode(), rule.note());
    }

    io.mailgate.api.ContentRules.Rule toApi() {
        return new io.mailgate.api.ContentRules.Rule(id, category, languages, query, fields, action, mode, note);
    }

    Category categoryValue() {
        return Category.byId(category).orElseThrow();
    }

    Action actionValue() {
        return Action.valueOf(action.toUpperCase(Locale.ROOT));
    }

    boolean observed() {
        return Mode.valueOf(mode.toUpperCase(Locale.ROOT)) == Mode.OBSERVE;
    }

    private static <E extends Enum<E>> void parse(Class<E> type, String id, String what, String value) {
        try {
            Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule " + id + ": unknown " + what + " " + value, e);
        }
    }
}
