package io.mailgate.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tenants' footer templates (POLICY.md REQ-1, REQ-4, REQ-5), as the footer stage reads them (an
 * OSGi service; lookups are served from memory). A template belongs to a tenant, to one of its
 * resources or to all of them (resource empty), and to a language.
 */
public interface FooterTemplates {

    /** The variables a template may use. */
    List<String> VARIABLES = List.of("company", "address", "registration", "phone", "contact", "identity",
            "unsubscribe_url", "consent", "list");

    /**
     * One template: a text and an HTML variant with {@code {{name}}} variables, and the statement of
     * why a recipient gets this list's mail (REQ-5), used when the gateway has no consent record; blank
     * for the gateway's default sentence.
     */
    record Template(String text, String html, String consent) {

        private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");
        private static final List<String> IDENTITY_PARTS = List.of("company", "address", "registration", "phone", "contact");

        /**
         * What keeps this template from being used (empty when nothing): both variants must have the
         * unsubscribe link {@code {{unsubscribe_url}}} (REQ-1) and the sender's identity (REQ-4),
         * {@code {{identity}}} or all of its parts; unknown variables are refused.
         */
        public List<String> problems() {
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
                problems.add(variant + " lacks the unsubscribe link {{unsubscribe_url}} (REQ-1)");
            }
            if (!used.contains("identity") && !used.containsAll(IDENTITY_PARTS)) {
                problems.add(variant + " lacks the sender's identity: {{identity}}, or {{company}}, {{address}},"
                        + " {{registration}}, {{phone}} and {{contact}} (REQ-4)");
            }
        }
    }

    /**
     * The template for a message: the resource's in {@code language}, else the tenant's in it. An empty
     * {@code language} (the message names none) means the resource's language: its only template, or
     * its English one.
     */
    Optional<Template> find(String tenantId, String resource, String language);
}
