package io.mailgate.core.reputation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts per tenant over a rolling window (POLICY.md REP-2: a day), per provider group and event,
 * in time slots: an event goes into the slot of its minute range, and a slot that falls out of the
 * window is taken off the totals before the next count. Adding is O(1) with no allocation once a
 * tenant is known. In memory: a restart starts the figures again.
 */
public final class RollingCounters {

    private final long slotMillis;
    private final int slots;
    private final int groups;
    private final ConcurrentHashMap<String, TenantWindow> tenants = new ConcurrentHashMap<>();

    /** @param window the span the figures cover; @param slot its granularity (the window is a whole number of slots) */
    public RollingCounters(Duration window, Duration slot, int groups) {
        if (slot.isZero() || slot.isNegative() || window.compareTo(slot) < 0) {
            throw new IllegalArgumentException("the window must hold at least one slot");
        }
        this.slotMillis = slot.toMillis();
        this.slots = (int) (window.toMillis() / slotMillis);
        this.groups = groups;
    }

    public void add(String tenantId, int group, ReputationEvent event, Instant now) {
        tenants.computeIfAbsent(tenantId, id -> new TenantWindow()).add(group, event.ordinal(), now.toEpochMilli() / slotMillis);
    }

    /** The tenant's figures over the window ending now. */
    public Figures figures(String tenantId, Instant now) {
        TenantWindow window = tenants.get(tenantId);
        return window == null ? new Figures(new long[groups][ReputationEvent.COUNT]) : window.figures(now.toEpochMilli() / slotMillis);
    }

    /** Starts the tenant's window afresh (an admin lifted a suspension: the old figures are settled). */
    public void clear(String tenantId) {
        tenants.remove(tenantId);
    }

    public Iterable<String> tenants() {
        return tenants.keySet();
    }

    /** The counts of one tenant: slot by slot, and their sum. */
    private final class TenantWindow {
        private final long[][] slotCounts = new long[slots][groups * ReputationEvent.COUNT];
        private final long[] totals = new long[groups * ReputationEvent.COUNT];
        /** The slot number (time / slot length) that the newest slot holds. */
        private long newest = Long.MIN_VALUE;

        synchronized void add(int group, int event, long slotNumber) {
            advance(slotNumber);
            if (slotNumber <= newest - slots) {
                return; // older than the window
            }
            int index = group * ReputationEvent.COUNT + event;
            slotCounts[(int) Math.floorMod(slotNumber, (long) slots)][index]++;
            totals[index]++;
        }

        synchronized Figures figures(long slotNumber) {
            advance(slotNumber);
            long[][] byGroup = new long[groups][ReputationEvent.COUNT];
            for (int g = 0; g < groups; g++) {
                System.arraycopy(totals, g * ReputationEvent.COUNT, byGroup[g], 0, ReputationEvent.COUNT);
            }
            return new Figures(byGroup);
        }

        /** Moves the window up to {@code slotNumber}: the slots it leaves behind come off the totals. */
        private void advance(long slotNumber) {
            if (slotNumber <= newest) {
                return;
            }
            long steps = newest == Long.MIN_VALUE ? slots : Math.min(slotNumber - newest, slots);
            for (long s = slotNumber - steps + 1; s <= slotNumber; s++) {
                long[] slot = slotCounts[(int) Math.floorMod(s, (long) slots)];
                for (int i = 0; i < slot.length; i++) {
                    totals[i] -= slot[i];
                    slot[i] = 0;
                }
            }
            newest = slotNumber;
        }
    }
}
