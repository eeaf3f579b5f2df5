package io.mailgate.core.reputation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts per tenant over a rolling window (POLICY.md REP-2: a day), per provider group and event,
 * in time slots: an event goes into the slot of its minute range, and a slot that falls out of the
 * window is taken off the totals before the next count. Adding is O(1) with no allocation once a
 * tenant is known. Kept in memory; {@link #cells} and {@link #restore} let them be saved and read
 * back ({@link ReputationCountsStore}), so that a restart keeps the window.
 */
public final class RollingCounters {

    private final long slotMillis;
    private final int slots;
    private final int groups;
    private final ConcurrentHashMap<String, TenantWindow> tenants = new ConcurrentHashMap<>();

    /** One count of the window: a tenant's events of one kind for one provider group in the slot starting then. */
    public record Cell(String tenantId, Instant slotStart, int group, ReputationEvent event, long count) {
    }

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

    /** Every non-zero count still in the window at {@code now}. */
    public List<Cell> cells(Instant now) {
        List<Cell> cells = new ArrayList<>();
        tenants.forEach((tenantId, window) -> window.cells(tenantId, now.toEpochMilli() / slotMillis, cells));
        return cells;
    }

    /** Adds a saved count back; one older than the window at {@code now} is dropped. */
    public void restore(Cell cell, Instant now) {
        if (cell.group() < 0 || cell.group() >= groups) {
            return;
        }
        long slotNumber = Math.floorDiv(cell.slotStart().toEpochMilli(), slotMillis);
        TenantWindow window = tenants.computeIfAbsent(cell.tenantId(), id -> new TenantWindow());
        window.add(cell.group(), cell.event().ordinal(), slotNumber, cell.count(), now.toEpochMilli() / slotMillis);
    }

    /** The counts of one tenant: slot by slot, and their sum. */
    private final class TenantWindow {
        private final long[][] slotCounts = new long[slots][groups * ReputationEvent.COUNT];
        private final long[] totals = new long[groups * ReputationEvent.COUNT];
        /** The slot number (time / slot length) that the newest slot holds. */
        private long newest = Long.MIN_VALUE;

        synchronized void add(int group, int event, long slotNumber) {
            add(group, event, slotNumber, 1, slotNumber);
        }

        /** {@code count} events in {@code slotNumber}, the window reaching at least to {@code nowSlot}. */
        synchronized void add(int group, int event, long slotNumber, long count, long nowSlot) {
            advance(Math.max(slotNumber, nowSlot));
            if (slotNumber <= newest - slots || slotNumber > newest) {
                return; // outside the window
            }
            int index = group * ReputationEvent.COUNT + event;
            slotCounts[(int) Math.floorMod(slotNumber, (long) slots)][index] += count;
            totals[index] += count;
        }

        synchronized void cells(String tenantId, long nowSlot, List<Cell> out) {
            advance(nowSlot);
            ReputationEvent[] events = ReputationEvent.values();
            for (long s = newest - slots + 1; s <= newest; s++) {
                long[] slot = slotCounts[(int) Math.floorMod(s, (long) slots)];
                for (int i = 0; i < slot.length; i++) {
                    if (slot[i] != 0) {
                        out.add(new Cell(tenantId, Instant.ofEpochMilli(s * slotMillis), i / ReputationEvent.COUNT,
                                events[i % ReputationEvent.COUNT], slot[i]));
                    }
                }
            }
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
