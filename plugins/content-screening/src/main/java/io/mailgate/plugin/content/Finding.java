package io.mailgate.plugin.content;

/**
 * One thing the screening found: the rule (a rule id, or a built-in check such as
 * {@code links.plain-http}), its category and policy, where (field and character offsets into
 * that field's text; -1 when not from a text match), the text found, and what it does.
 *
 * @param outcome what came of it: "reject", "quarantine", "tag", "defer", "observed" (observe
 *                mode: logged only) or "approved" (a CON-2 topic the tenant is approved for)
 */
record Finding(String rule, String category, String policy, String field, int start, int end, String text,
               String outcome) {
}
