package io.mailgate.core.reputation;

/** A tenant's counts over the window, per provider group (index as in {@link ProviderGroups}) and event. */
public record Figures(long[][] byGroup) {

    public long total(ReputationEvent event) {
        long sum = 0;
        for (long[] group : byGroup) {
            sum += group[event.ordinal()];
        }
        return sum;
    }

    public long of(int group, ReputationEvent event) {
        return byGroup[group][event.ordinal()];
    }

    /** {@code event} as a percentage of the messages delivered (0 when nothing was delivered). */
    public double percentOfDelivered(ReputationEvent event) {
        long delivered = total(ReputationEvent.DELIVERED);
        return delivered == 0 ? 0 : 100.0 * total(event) / delivered;
    }
}
