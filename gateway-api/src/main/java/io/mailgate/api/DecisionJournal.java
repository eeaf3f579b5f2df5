package io.mailgate.api;

import java.time.Instant;

/**
 * The decision journal (an OSGi service): every decision about a message or a recipient, with the
 * policy id behind it. The gateway journals the verdicts of chain stages itself; a plugin writes
 * here only for decisions it makes outside the chain (a scheduled check, an inbound report).
 */
public interface DecisionJournal {

    /** One decision. {@code recipient} is empty for a decision about the whole message. */
    record Entry(Instant time, String messageId, String tenantId, String recipient, String stage,
                 Verdict.Kind verdict, String policyId, String reason) {
    }

    void record(Entry entry);
}
