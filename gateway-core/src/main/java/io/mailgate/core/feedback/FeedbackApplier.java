package io.mailgate.core.feedback;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.Suppressions;
import io.mailgate.api.Verdict;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.reputation.ReputationService;
import io.mailgate.feedback.FeedbackResult;

/**
 * What the gateway does with feedback about one of its messages (POLICY.md SUP-2, SUP-3): a hard
 * bounce (the address or its domain does not exist) puts the address on the gateway-wide list of
 * non-existent addresses; a complaint suppresses it for the tenant that sent; a soft bounce, an
 * auto-reply or an unreadable report is only counted. Each suppression is journaled. Complaints,
 * hard bounces and invalid addresses also count in the tenant's reputation figures (REP-2).
 */
public final class FeedbackApplier {

    /** What one report led to, for the SMTP reply and the tests. */
    public record Outcome(int suppressed, int counted) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackApplier.class);
    private static final String STAGE = "feedback";

    private final Suppressions suppressions;
    private final DecisionJournal journal;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final ReputationService reputation;

    public FeedbackApplier(Suppressions suppressions, DecisionJournal journal, GatewayMetrics metrics, Clock clock,
                           ReputationService reputation) {
        this.reputation = reputation;
        this.suppressions = suppressions;
        this.journal = journal;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param tenantId  the tenant the original was sent for ("" when unknown: a complaint then
     *                  suppresses nothing, since SUP-3 is per tenant)
     * @param messageId the original's queue id, or ""
     * @param source    where the report came from: "dsn", "arf", "smtp-reply" …
     */
    public Outcome apply(String tenantId, String messageId, List<FeedbackResult> results, String source) {
        int suppressed = 0;
        int counted = 0;
        for (FeedbackResult result : results) {
            String kind = kind(result);
            metrics.feedback(kind);
            reputation.feedback(tenantId, result);
            if (result.recipient().isEmpty()) {
                counted++;
                continue;
            }
            if (result.hardBounce()) {
                suppress("", result, Suppressions.Reason.HARD_BOUNCE, tenantId, messageId, source,
                        "hard bounce (" + result.reason() + " " + result.status() + "): on the gateway-wide list of non-existent addresses");
                suppressed++;
            } else if (result.isComplaint() && !tenantId.isEmpty()) {
                suppress(tenantId, result, Suppressions.Reason.COMPLAINT, tenantId, messageId, source,
                        "complaint (" + (result.feedbackType().isEmpty() ? "abuse" : result.feedbackType())
                                + "): no more mail from this tenant");
                suppressed++;
            } else {
                counted++;
                LOG.info("feedback {} about {} for tenant {} message {}: {} {} (counted, not suppressed)", kind,
                        result.recipient(), tenantId.isEmpty() ? "?" : tenantId, messageId.isEmpty() ? "?" : messageId,
                        result.status(), result.reason());
            }
        }
        return new Outcome(suppressed, counted);
    }

    private void suppress(String listTenant, FeedbackResult result, Suppressions.Reason reason, String tenantId,
                          String messageId, String source, String why) {
        try {
            suppressions.add(new Suppressions.Entry(listTenant, "", result.recipient(), reason, source, clock.instant(), messageId));
        } catch (IllegalArgumentException notAnAddress) {
            LOG.info("feedback about '{}' ignored: {}", result.recipient(), notAnAddress.getMessage());
            return;
        }
        LOG.info("feedback: {} suppressed{} ({})", result.recipient(), listTenant.isEmpty() ? " gateway-wide" : " for tenant " + listTenant,
                reason.policyId());
        journal.record(new DecisionJournal.Entry(clock.instant(), messageId, tenantId, result.recipient(), STAGE,
                Verdict.Kind.SKIP_RECIPIENT, reason.policyId(), why));
    }

    private static String kind(FeedbackResult result) {
        if (result.isUnparseable()) {
            return "unparseable";
        }
        if (result.isComplaint()) {
            return "complaint";
        }
        return switch (result.reason()) {
            case "vacation" -> "auto_reply";
            case "delivered" -> "delivered";
            default -> result.hardBounce() ? "hard_bounce" : "soft_bounce";
        };
    }
}
