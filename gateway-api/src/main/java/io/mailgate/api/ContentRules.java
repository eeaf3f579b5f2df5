package io.mailgate.api;

import java.util.List;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

/**
 * Content screening's rules at run time (POLICY.md CON-6), an OSGi service of the content-screening
 * plugin; the REST admin calls it. A change is checked, stored (with an audit entry), and seen by
 * the next message; an invalid rule changes nothing and throws {@link IllegalArgumentException}
 * with a sentence that names the rule and the problem.
 */
public interface ContentRules {

    /**
     * One rule, as admins write it; null or empty optional fields take their defaults (languages en
     * and ru; fields subject, body, html; the category's action; mode enforce).
     *
     * @param id        unique: 1-64 characters of a-z, 0-9, '.', '_', '-'
     * @param category  a topic of CON-1, CON-2 or CON-4 ("gambling"); see {@link #categories()}
     * @param languages "en" and/or "ru"
     * @param query     Lucene query syntax: phrases, proximity ("a b"~3), AND/OR/NOT, prefix (кредит*)
     * @param fields    subject, body, html, headers, links, attachments
     * @param action    reject, quarantine or tag
     * @param mode      enforce, or observe (log what it would do, deliver)
     * @param note      free text
     */
    record Rule(String id, String category, List<String> languages, String query, List<String> fields,
                String action, String mode, String note) {
    }

    /** A topic a rule can stand for, with the policy behind it (CON-1, CON-2, CON-4). */
    record Category(String id, String policy, String label) {
    }

    /**
     * One thing screening found: the rule (or a built-in check such as {@code links.plain-http}),
     * its category and policy, the field and character offsets into that field's text (-1 when it
     * is not a text match), the text found, and its outcome: reject, quarantine, tag, defer,
     * observed (observe mode) or approved (a CON-2 topic the tenant is approved for).
     */
    record Finding(String rule, String category, String policy, String field, int start, int end, String text,
                   String outcome) {
    }

    /** What screening decides about one message, with every finding and the signals it saw. */
    record Screening(Verdict verdict, List<Finding> findings, List<String> tags, int hiddenChars, List<String> problems) {
    }

    List<Category> categories();

    List<Rule> list();

    Optional<Rule> get(String id);

    /** Adds or replaces a rule; returns it with its defaults filled in. */
    Rule put(Rule rule, String actor);

    /** False when there was no such rule. */
    boolean delete(String id, String actor);

    /** Replaces every rule at once (bulk import): all are checked before any is changed. */
    List<Rule> replaceAll(List<Rule> rules, String actor);

    /** Screens a message as the chain would for {@code tenantId} (may be empty), sending nothing. */
    Screening test(MimeMessage message, String tenantId);
}
