package io.mailgate.core.reputation;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.TenantDirectory;
import io.mailgate.core.delivery.DeliveryListener;
import io.mailgate.core.delivery.DeliveryListener.Delivery;
import io.mailgate.feedback.Feedback;
import io.mailgate.feedback.FeedbackResult;

/**
 * The REP-2 figures per tenant over a rolling day and what crossing a threshold does. Delivery
 * tells it what was delivered and what a provider blocked ({@link DeliveryListener}); the feedback
 * path tells it of complaints, hard bounces and invalid addresses ({@link #feedback}); the
 * unsubscribe endpoint of unsubscribes ({@link #unsubscribed}). After each count the tenant's figures are held against the
 * {@link Thresholds}; the first one crossed suspends the tenant through {@link ReputationCases},
 * with the figures in the reason.
 */
public final class ReputationService implements DeliveryListener {

    /** The feedback reasons that say the address does not exist (RFC 3463 x.1.x and their kin). */
    private static final Set<String> INVALID_REASONS = Set.of("userunknown", "hostunknown", "notaccept", "syntaxerror");
    /** The reasons that say the provider refused the sender, not the recipient. */
    private static final Set<String> BLOCK_REASONS = Set.of("blocked", "rejected", "spamdetected", "policyviolation",
            "securityerror", "toomanyconn", "speeding");
    private static final Logger LOG = LoggerFactory.getLogger(ReputationService.class);

    private final RollingCounters counters;
    private final ProviderGroups groups;
    private final Thresholds thresholds;
    private final TenantDirectory tenants;
    private final ReputationCases cases;
    private final Clock clock;

    public ReputationService(RollingCounters counters, ProviderGroups groups, Thresholds thresholds,
                             TenantDirectory tenants, ReputationCases cases, Clock clock) {
        this.counters = counters;
        this.groups = groups;
        this.thresholds = thresholds;
        this.tenants = tenants;
        this.cases = cases;
        this.clock = clock;
    }

    @Override
    public void delivered(String tenantId, MailAddress recipient, Delivery delivery) {
        int group = groupOf(delivery.remoteHost(), recipient);
        count(tenantId, group, ReputationEvent.DELIVERED);
        if (!delivery.tls()) {
            count(tenantId, group, ReputationEvent.DELIVERED_WITHOUT_TLS);
        }
        if (delivery.listMail()) {
            count(tenantId, group, ReputationEvent.LIST_DELIVERED);
            if (!delivery.oneClick()) {
                count(tenantId, group, ReputationEvent.LIST_WITHOUT_ONE_CLICK);
            }
        }
    }

    /** A permanent refusal that blocks the sender counts for its provider; the bounce itself comes through {@link #feedback}. */
    @Override
    public void refused(String tenantId, MailAddress recipient, String remoteHost, boolean permanent, String reply) {
        if (!permanent || recipient == null) {
            return;
        }
        FeedbackResult result = Feedback.classifyReply(recipient.asString(), reply == null ? "" : reply);
        if (BLOCK_REASONS.contains(result.reason())) {
            count(tenantId, groupOf(remoteHost, recipient), ReputationEvent.PROVIDER_BLOCK);
        }
    }

    /** What the feedback path learned about one recipient of the tenant's mail. */
    public void feedback(String tenantId, FeedbackResult result) {
        if (tenantId.isEmpty() || result.recipient().isEmpty()) {
            return;
        }
        int group = groups.ofRecipient(result.recipient());
        if (result.isComplaint()) {
            count(tenantId, group, ReputationEvent.COMPLAINT);
        } else if (result.hardBounce()) {
            counters.add(tenantId, group, ReputationEvent.HARD_BOUNCE, clock.instant());
            if (INVALID_REASONS.contains(result.reason())) {
                counters.add(tenantId, group, ReputationEvent.INVALID_ADDRESS, clock.instant());
            }
            check(tenantId);
        }
    }

    public void unsubscribed(String tenantId, String recipient) {
        count(tenantId, groups.ofRecipient(recipient == null ? "" : recipient), ReputationEvent.UNSUBSCRIBE);
    }

    public Figures figures(String tenantId) {
        return counters.figures(tenantId, clock.instant());
    }

    public ProviderGroups groups() {
        return groups;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public Iterable<String> countedTenants() {
        return counters.tenants();
    }

    /** An admin lifts the tenant's suspension: its case ends and its figures start again. */
    public ReputationCases.Case lift(String tenantId, String note) {
        ReputationCases.Case lifted = cases.lift(tenantId, note);
        counters.clear(tenantId);
        return lifted;
    }

    private void count(String tenantId, int group, ReputationEvent event) {
        if (tenantId == null || tenantId.isEmpty()) {
            return;
        }
        counters.add(tenantId, group, event, clock.instant());
        // a delivery too: it may bring the volume up to the minimum, and old mail leaving the window moves the rates
        check(tenantId);
    }

    /** Suspends an active tenant whose figures cross a threshold; never throws onto delivery's thread. */
    private void check(String tenantId) {
        Optional<TenantDirectory.Tenant> tenant = tenants.find(tenantId);
        if (tenant.isEmpty() || tenant.get().status() != TenantDirectory.Status.ACTIVE) {
            return;
        }
        Optional<String> crossed = thresholds.crossed(counters.figures(tenantId, clock.instant()), groups);
        if (crossed.isEmpty()) {
            return;
        }
        try {
            cases.violation(tenantId, "REP-2", crossed.get());
        } catch (RuntimeException e) {
            LOG.error("tenant {} crossed a reputation threshold ({}) but could not be suspended", tenantId, crossed.get(), e);
        }
    }

    private int groupOf(String remoteHost, MailAddress recipient) {
        int byHost = groups.ofMxHost(remoteHost);
        return byHost != 0 || recipient == null ? byHost : groups.ofRecipient(recipient.getDomain().asString());
    }
}
