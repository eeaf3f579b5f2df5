package io.mailgate.api;

import java.util.Objects;

/**
 * What a stage decides about a message or one recipient. Stages answer with verdicts, never with
 * SMTP codes: the gateway maps each kind to a reply code and a journal entry the same way everywhere
 * (see {@link Kind}).
 *
 * @param kind     what happens to the mail or recipient
 * @param policyId the POLICY.md rule behind the decision ("CAP-4"), or empty for a plain accept
 * @param reason   a sentence a person can act on; it goes into the SMTP reply and the journal
 */
public record Verdict(Kind kind, String policyId, String reason) {

    /** The kinds of decision and the SMTP answer each one maps to. */
    public enum Kind {
        /** Go on. */
        ACCEPT,
        /** This recipient is dropped for this message, the others go on (5.7.1 at RCPT time). */
        SKIP_RECIPIENT,
        /** Refused: 5.7.1 at SMTP time, a bounce to the envelope sender after acceptance. */
        REJECT,
        /** Held for an admin to review, not delivered. */
        QUARANTINE,
        /** Temporary: 4.7.1 at SMTP time, retried later after acceptance. */
        DEFER
    }

    private static final Verdict ACCEPTED = new Verdict(Kind.ACCEPT, "", "");

    public Verdict {
        Objects.requireNonNull(kind, "kind");
        policyId = policyId == null ? "" : policyId;
        reason = reason == null ? "" : reason;
        if (kind != Kind.ACCEPT && reason.isBlank()) {
            throw new IllegalArgumentException("a " + kind + " verdict needs a reason");
        }
    }

    public static Verdict accept() {
        return ACCEPTED;
    }

    public static Verdict skipRecipient(String policyId, String reason) {
        return new Verdict(Kind.SKIP_RECIPIENT, policyId, reason);
    }

    public static Verdict reject(String policyId, String reason) {
        return new Verdict(Kind.REJECT, policyId, reason);
    }

    public static Verdict quarantine(String policyId, String reason) {
        return new Verdict(Kind.QUARANTINE, policyId, reason);
    }

    public static Verdict defer(String policyId, String reason) {
        return new Verdict(Kind.DEFER, policyId, reason);
    }

    public boolean isAccept() {
        return kind == Kind.ACCEPT;
    }

    /** The reason followed by the policy id, as replies and log lines show it: "unsubscribed (SUP-1)". */
    public String describe() {
        return policyId.isEmpty() ? reason : reason + " (" + policyId + ")";
    }
}
