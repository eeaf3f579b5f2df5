package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import io.mailgate.api.ContentRules.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import io.mailgate.api.Verdict;

/**
 * Screens one message against the policy: the topic rules (CON-1, CON-2, CON-4 through the
 * {@link RuleEngine}), links (CON-3: plain http, shorteners, URI blocklists), subjects that fake a
 * reply or forward (CON-4) and the operator's own contact details (CON-5). The verdict is the
 * gravest of what was found: a refusal, then a deferral (a blocklist that did not answer), then a
 * quarantine; rules in observe mode and CON-2 topics the tenant is approved for only show up in
 * the findings.
 */
final class ContentScreener {

    static final String CON_3 = "CON-3";
    static final String CON_4 = "CON-4";
    static final String CON_5 = "CON-5";
    private static final Pattern REPLY_PREFIX = Pattern.compile(
            "(?iu)^\\s*(re|fwd?|aw|wg|tr|ответ|отв|пересл|переслано)\\s*(\\[\\d+])?\\s*:.*");
    private static final int MAX_LOOKED_UP_HOSTS = 10;
    static final String HIDDEN_TEXT_TAG = "hidden-text";
    /** What a real reply or forward carries: quoted lines, or the header block of the message it answers. */
    private static final Pattern QUOTED = Pattern.compile(
            "(?imu)^\\s*>|original message|forwarded message|wrote:|писал|пересылаемое сообщение|исходное сообщение|^\\s*from:.*$\\s*^\\s*(sent|date):");

    private final RuleEngine engine;
    private final MessageReader reader;
    private final ScreeningSettings settings;
    private final UriBlocklists blocklists;
    private final CategoryApprovals approvals;

    ContentScreener(RuleEngine engine, ScreeningSettings settings, UriBlocklists blocklists, CategoryApprovals approvals) {
        this.engine = engine;
        this.settings = settings;
        this.reader = new MessageReader(settings.headers());
        this.blocklists = blocklists;
        this.approvals = approvals;
    }

    RuleEngine engine() {
        return engine;
    }

    CategoryApprovals approvals() {
        return approvals;
    }

    Screening screen(MimeMessage message, String tenantId) {
        return screen(message, tenantId, new HashMap<>());
    }

    /**
     * Screens one message; {@code approvalsAsked} receives each CON-2 category whose approval for
     * the tenant was looked up, with the answer (the result holds only while they answer the same).
     */
    Screening screen(MimeMessage message, String tenantId, Map<String, Boolean> approvalsAsked) {
        MessageText text = reader.read(message);
        Outcome outcome = new Outcome();
        if (text.isTooDeep()) {
            outcome.reject(new Finding("structure.too-deep", "malformed", "CON-6", "", -1, -1, "", "reject"),
                    Verdict.reject("CON-6", "the message nests its parts more than " + MessageReader.MAX_DEPTH
                            + " levels deep and cannot be screened"));
        }
        topicRules(text, tenantId, approvalsAsked, outcome);
        links(text, outcome);
        fakeReply(message, text, outcome);
        operatorContacts(text, outcome);
        if (text.hiddenChars() > 0) {
            outcome.tags.add(HIDDEN_TEXT_TAG); // a signal of its own: hidden text is still screened above
        }
        return new Screening(outcome.verdict(), outcome.findings, List.copyOf(outcome.tags), text.hiddenChars(), text.problems());
    }

    private void topicRules(MessageText text, String tenantId, Map<String, Boolean> approvalsAsked, Outcome outcome) {
        Map<String, List<RuleEngine.Match>> byRule = new LinkedHashMap<>();
        for (RuleEngine.Match match : engine.match(text)) {
            byRule.computeIfAbsent(match.rule().id(), id -> new ArrayList<>()).add(match);
        }
        for (List<RuleEngine.Match> matches : byRule.values()) {
            ContentRule rule = matches.get(0).rule();
            Category category = rule.categoryValue();
            String result;
            if (rule.observed()) {
                result = "observed";
            } else if (category.policy().equals("CON-2")
                    && approvalsAsked.computeIfAbsent(category.id(), id -> approvals.approved(tenantId, id))) {
                result = "approved";
            } else {
                result = rule.action();
            }
            for (RuleEngine.Match match : matches) {
                outcome.findings.add(new Finding(rule.id(), category.id(), category.policy(), match.field(), match.start(),
                        match.end(), match.text(), result));
            }
            String reason = "content refused: category " + category.id() + " (" + category.label() + "), rule " + rule.id();
            switch (result) {
                case "reject" -> outcome.reject(null, Verdict.reject(category.policy(), reason));
                case "quarantine" -> outcome.quarantine(Verdict.quarantine(category.policy(),
                        "held for review: category " + category.id() + " (" + category.label() + "), rule " + rule.id()));
                case "tag" -> outcome.tags.add(category.id() + "/" + rule.id());
                default -> {
                }
            }
        }
    }

    private void links(MessageText text, Outcome outcome) {
        Set<String> hosts = new LinkedHashSet<>();
        for (Link link : text.links()) {
            if (link.scheme().equals("http")) {
                linkRefused(outcome, "links.plain-http", link, "a plain http:// link (" + link.url() + "); use https");
            } else if (settings.shorteners().stream().anyMatch(link::isUnder)) {
                linkRefused(outcome, "links.shortener", link, "a link shortener (" + link.host() + ")");
            }
            if (!link.isIpLiteral()) {
                hosts.add(link.host());
            }
        }
        if (blocklists == null || !blocklists.enabled()) {
            return;
        }
        int looked = 0;
        for (String host : hosts) {
            if (looked++ >= MAX_LOOKED_UP_HOSTS) {
                break;
            }
            UriBlocklists.Answer answer = blocklists.check(host);
            if (answer.listing() == UriBlocklists.Listing.LISTED) {
                outcome.reject(new Finding("links.blocklist", "links", CON_3, "links", -1, -1, host, "reject"),
                        Verdict.reject(CON_3, "link domain " + answer.domain() + " is listed in " + answer.zone()));
            } else if (answer.listing() == UriBlocklists.Listing.UNKNOWN) {
                outcome.defer(new Finding("links.blocklist", "links", CON_3, "links", -1, -1, host, "defer"),
                        Verdict.defer(CON_3, "the URI blocklist " + answer.zone() + " did not answer for "
                                + host + "; try again later"));
            }
        }
    }

    private static void linkRefused(Outcome outcome, String rule, Link link, String what) {
        outcome.reject(new Finding(rule, "links", CON_3, "links", -1, -1, link.url(), "reject"),
                Verdict.reject(CON_3, "content refused: " + what));
    }

    /**
     * CON-4: "Re:" or "Fwd:" on a message that answers nothing: no In-Reply-To, no References,
     * nothing quoted (many mail programs of real people leave out the headers but quote), and not a
     * post to a discussion list, whose thread is the list's own: a {@code List-Post} address (RFC
     * 2369; "NO" marks an announcement list, which has no threads), or the {@code Mailing-List} and
     * {@code X-Loop} headers of list managers that predate it. Each of these signs is as easy to
     * forge as In-Reply-To: the check stops the careless fake, as the policy's example describes it.
     */
    private static void fakeReply(MimeMessage message, MessageText text, Outcome outcome) {
        String subject = text.field("subject");
        if (!REPLY_PREFIX.matcher(subject).matches() || answersSomething(message, text)) {
            return;
        }
        outcome.findings.add(new Finding("subject.fake-reply", Category.DECEPTIVE_SUBJECT.id(), CON_4, "subject", 0,
                subject.indexOf(':') + 1, subject.substring(0, subject.indexOf(':') + 1), "quarantine"));
        outcome.quarantine(Verdict.quarantine(CON_4,
                "held for review: the subject pretends to be a reply or forward (no In-Reply-To or References)"));
    }

    private static boolean answersSomething(MimeMessage message, MessageText text) {
        for (String header : List.of("In-Reply-To", "References", "Mailing-List", "X-Loop")) {
            if (!MessageReader.headers(message, header).isEmpty()) {
                return true;
            }
        }
        if (MessageReader.headers(message, "List-Post").stream().anyMatch(post -> !post.strip().equalsIgnoreCase("NO"))) {
            return true;
        }
        return QUOTED.matcher(text.field("body")).find() || QUOTED.matcher(text.field("html")).find();
    }

    /** CON-5: the operator's own addresses (anywhere, any case) and phone numbers (by their digits). */
    private void operatorContacts(MessageText text, Outcome outcome) {
        if (settings.operatorContacts().isEmpty()) {
            return;
        }
        String all = String.join("\n", text.fields().values());
        String lower = all.toLowerCase(Locale.ROOT);
        String digits = null;
        for (String contact : settings.operatorContacts()) {
            boolean phone = contact.matches("[+0-9 ().-]+");
            boolean found;
            if (phone) {
                if (digits == null) {
                    digits = all.replaceAll("[^0-9]", "");
                }
                String wanted = contact.replaceAll("[^0-9]", "");
                found = wanted.length() >= 6 && digits.contains(wanted);
            } else {
                found = lower.contains(contact.toLowerCase(Locale.ROOT));
            }
            if (found) {
                outcome.reject(new Finding("operator.contact", "operator-contact", CON_5, "", -1, -1, contact, "reject"),
                        Verdict.reject(CON_5, "content refused: the message gives the gateway operator's own contact details"));
            }
        }
    }

    /** What was found so far, and the gravest verdict. */
    private static final class Outcome {

        final List<Finding> findings = new ArrayList<>();
        final Set<String> tags = new LinkedHashSet<>();
        private Verdict reject;
        private Verdict defer;
        private Verdict quarantine;

        void reject(Finding finding, Verdict verdict) {
            if (finding != null) {
                findings.add(finding);
            }
            if (reject == null) {
                reject = verdict;
            }
        }

        void defer(Finding finding, Verdict verdict) {
            findings.add(finding);
            if (defer == null) {
                defer = verdict;
            }
        }

        void quarantine(Verdict verdict) {
            if (quarantine == null) {
                quarantine = verdict;
            }
        }

        Verdict verdict() {
            if (reject != null) {
                return reject;
            }
            if (defer != null) {
                return defer;
            }
            return quarantine != null ? quarantine : Verdict.accept();
        }
    }
}
