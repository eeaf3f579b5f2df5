package io.mailgate.core.reputation;

import java.util.Locale;
import java.util.Optional;

/**
 * The REP-2 suspension thresholds, in percent, applied once the tenant delivered
 * {@code minDelivered} messages in the window. Each is "over": exactly at it is still fine.
 *
 * @param providerMinAttempts messages (delivered plus blocked) to one provider group before its
 *                            block share counts
 */
public record Thresholds(long minDelivered, double complaintPercent, double hardBouncePercent,
                         double invalidPercent, double unsubscribePercent, double providerBlockPercent,
                         long providerMinAttempts) {

    public static final Thresholds POLICY = new Thresholds(1000, 0.2, 5, 3, 1, 50, 100);

    /** The first threshold the figures cross, as a reason with the figures in it; empty when none. */
    public Optional<String> crossed(Figures figures, ProviderGroups groups) {
        long delivered = figures.total(ReputationEvent.DELIVERED);
        if (delivered < minDelivered) {
            return Optional.empty();
        }
        Optional<String> rate = over(figures, ReputationEvent.COMPLAINT, "complaints", complaintPercent)
                .or(() -> over(figures, ReputationEvent.HARD_BOUNCE, "hard bounces", hardBouncePercent))
                .or(() -> over(figures, ReputationEvent.INVALID_ADDRESS, "invalid addresses", invalidPercent))
                .or(() -> over(figures, ReputationEvent.UNSUBSCRIBE, "unsubscribes", unsubscribePercent));
        if (rate.isPresent()) {
            return rate;
        }
        for (int g = 0; g < groups.size(); g++) {
            long blocked = figures.of(g, ReputationEvent.PROVIDER_BLOCK);
            long attempts = blocked + figures.of(g, ReputationEvent.DELIVERED);
            if (attempts >= providerMinAttempts && blocked * 100.0 / attempts > providerBlockPercent) {
                return Optional.of(String.format(Locale.ROOT, "%s blocked %d of %d messages (%.1f %%), over %s %% (REP-2)",
                        groups.name(g), blocked, attempts, blocked * 100.0 / attempts, plain(providerBlockPercent)));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> over(Figures figures, ReputationEvent event, String what, double limit) {
        double percent = figures.percentOfDelivered(event);
        if (percent <= limit) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s %d of %d delivered in the last day (%.2f %%), over %s %% (REP-2)",
                what, figures.total(event), figures.total(ReputationEvent.DELIVERED), percent, plain(limit)));
    }

    static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
