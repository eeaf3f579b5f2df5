package io.mailgate.feedback;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Entry point: what an inbound bounce, complaint or auto-reply says, per recipient.
 *
 * <pre>{@code
 * for (FeedbackResult r : Feedback.classify(bytes)) System.out.println(r.toJson());
 * }</pre>
 */
public final class Feedback {

    private static final Feedback DEFAULT = new Feedback(ReasonRules.builtIn());

    private final ReasonRules rules;

    public Feedback(ReasonRules rules) {
        this.rules = rules;
    }

    /** Classifies with the built-in rules; never throws: unreadable input gives one "unparseable" result. */
    public static List<FeedbackResult> classify(byte[] message) {
        return DEFAULT.read(message);
    }

    /**
     * What a next hop's reply to our own delivery says ("550 5.1.1 user unknown" at RCPT TO):
     * the same classification as a DSN that carried it, so that a synchronous refusal counts like a bounce.
     */
    public static FeedbackResult classifyReply(String recipient, String reply) {
        String text = Texts.collapse(reply == null ? "" : reply);
        Finding finding = Finding.bounce("smtp-reply", recipient, Texts.firstStatus(text), Texts.firstReplyCode(text), "",
                text, recipient.substring(recipient.lastIndexOf('@') + 1));
        return DEFAULT.classified(finding);
    }

    /** The results as JSON Lines. */
    public static String toJsonLines(List<FeedbackResult> results) {
        return results.stream().map(FeedbackResult::toJson).collect(Collectors.joining("\n", "", "\n"));
    }

    public List<FeedbackResult> read(byte[] raw) {
        try {
            MessageParts message = MessageParts.read(raw);
            List<Finding> findings = findings(message);
            if (findings.isEmpty()) {
                return List.of(FeedbackResult.unparseable(
                        "no delivery report, bounce text, complaint or auto-reply found"));
            }
            List<FeedbackResult> results = new ArrayList<>();
            for (Finding f : findings) {
                results.add(classified(f));
            }
            return results;
        } catch (MessageParts.Unparseable e) {
            return List.of(FeedbackResult.unparseable(e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug must not take down the caller's loop over a mailbox.
            return List.of(FeedbackResult.unparseable("internal error: " + e));
        }
    }

    // Complaints first (they carry a returned original, like bounces); then DSNs; then text bounces; auto-replies last.
    private static List<Finding> findings(MessageParts message) {
        if (ArfParser.applies(message)) {
            return ArfParser.parse(message);
        }
        if (DsnParser.applies(message)) {
            List<Finding> dsn = DsnParser.parse(message);
            if (!dsn.isEmpty()) {
                return dsn;
            }
        }
        if (BounceText.hasBounceHeaders(message)) {
            return BounceText.parse(message);
        }
        if (AutoReplyDetector.applies(message)) {
            return List.of(AutoReplyDetector.parse(message));
        }
        if (BounceText.hasCodesOrWording(message)) {
            return BounceText.parse(message);
        }
        return List.of();
    }

    private FeedbackResult classified(Finding f) {
        String reason = f.fixedReason().isEmpty()
                ? rules.reasonFor(new Evidence(f.status(), f.replyCode(), f.command(), f.diagnostic(), f.provider()))
                : f.fixedReason();
        boolean permanent = f.fixedReason().isEmpty()
                && (f.status().startsWith("5") || (f.status().isEmpty() && f.replyCode().startsWith("5")));
        boolean hard = f.fixedReason().isEmpty() && rules.isHard(reason, f.status(), f.replyCode());
        return new FeedbackResult(f.kind(), f.recipient(), f.status(), f.replyCode(), reason, hard, permanent,
                f.feedbackType(), Texts.limit(f.diagnostic(), 1000));
    }
}
