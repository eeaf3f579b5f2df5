package io.mailgate.plugin.suppression;

import io.mailgate.api.Suppressions;
import io.mailgate.api.Verdict;

/** The words of each suppression, the same in an SMTP reply and in the journal. */
final class SuppressionVerdicts {

    private SuppressionVerdicts() {
    }

    static Verdict refusal(Suppressions.Entry entry) {
        return Verdict.reject(entry.reason().policyId(), words(entry));
    }

    static Verdict skip(Suppressions.Entry entry) {
        return Verdict.skipRecipient(entry.reason().policyId(), words(entry));
    }

    private static String words(Suppressions.Entry entry) {
        String scope = entry.resource().isEmpty() ? "" : " from " + entry.resource();
        return switch (entry.reason()) {
            case UNSUBSCRIBE -> "unsubscribed" + scope;
            case HARD_BOUNCE -> "the address does not exist (hard bounce)";
            case COMPLAINT -> "the recipient complained about this sender's mail";
            case TRAP -> "spam trap";
            case ROLE_ACCOUNT -> "role account";
            case MANUAL -> "suppressed by the sender" + scope;
        };
    }
}
