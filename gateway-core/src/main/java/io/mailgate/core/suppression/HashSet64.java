package io.mailgate.core.suppression;

import java.util.concurrent.locks.StampedLock;

/**
 * A set of 64-bit hashes in one {@code long[]} with open addressing (linear probing): about 11 to
 * 21 bytes per entry, where a {@code HashSet<String>} of addresses would take well over 100. It
 * answers "maybe present" for a hash; the store confirms a hit in the database. With 64-bit hashes
 * a false hit among 10 million entries has a chance of about one in 10^12 per lookup.
 *
 * <p>Writers are serialized; readers take an optimistic read and retry when a write overlapped,
 * so a lookup never waits and never misses an entry because a removal was shifting others.
 */
final class HashSet64 {

    private static final long EMPTY = 0L;
    private static final double MAX_LOAD = 0.75;

    private final StampedLock lock = new StampedLock();
    private long[] slots;
    private int size;

    HashSet64(int expected) {
        slots = new long[capacityFor(Math.max(expected, 16))];
    }

    boolean contains(long hash) {
        long key = key(hash);
        long stamp = lock.tryOptimisticRead();
        boolean found = probe(slots, key);
        if (lock.validate(stamp)) {
            return found;
        }
        stamp = lock.readLock();
        try {
            return probe(slots, key);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Adds the hash; false when it was there already. */
    boolean add(long hash) {
        long key = key(hash);
        long stamp = lock.writeLock();
        try {
            if (probe(slots, key)) {
                return false;
            }
            if (size + 1 > slots.length * MAX_LOAD) {
                slots = rehash(slots, slots.length * 2);
            }
            insert(slots, key);
            size++;
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes the hash; false when it was not there. Later entries of its run move back (no tombstones). */
    boolean remove(long hash) {
        long key = key(hash);
        long stamp = lock.writeLock();
        try {
            long[] table = slots;
            int mask = table.length - 1;
            int i = index(key, mask);
            while (table[i] != key) {
                if (table[i] == EMPTY) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            int hole = i;
            for (int j = (hole + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
                int home = index(table[j], mask);
                // Move j into the hole unless its home lies cyclically in (hole, j].
                boolean homeBetween = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
                if (!homeBetween) {
                    table[hole] = table[j];
                    hole = j;
                }
            }
            table[hole] = EMPTY;
            size--;
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    int size() {
        return size;
    }

    /** Bytes held by the table, for the memory figure. */
    long bytes() {
        return 16L + 8L * slots.length;
    }

    private static boolean probe(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = index(key, mask); ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == key) {
                return true;
            }
            if (slot == EMPTY) {
                return false;
            }
        }
    }

    private static void insert(long[] table, long key) {
        int mask = table.length - 1;
        int i = index(key, mask);
        while (table[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        table[i] = key;
    }

    private static long[] rehash(long[] old, int capacity) {
        long[] table = new long[capacity];
        for (long key : old) {
            if (key != EMPTY) {
                insert(table, key);
            }
        }
        return table;
    }

    private static int capacityFor(int expected) {
        int capacity = Integer.highestOneBit((int) Math.min(1 << 30, (long) Math.ceil(expected / MAX_LOAD)));
        return capacity < expected / MAX_LOAD ? capacity << 1 : capacity;
    }

    /** 0 marks an empty slot, so the one hash that is 0 is stored as 1 (a harmless extra collision). */
    private static long key(long hash) {
        return hash == EMPTY ? 1L : hash;
    }

    /** The hashes come from a good 64-bit hash already; the high bits pick the slot. */
    private static int index(long key, int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }
}
