package io.mailgate.core.caps;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

import io.mailgate.api.SendingPolicies.CountKey;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.StoreException;

/**
 * How many messages each counted key (tenant, kind, value, recipient) got on each of the last 16
 * UTC days, answered from memory.
 *
 * <p>Memory: open addressing (linear probing) over three parallel arrays per slot: the key's 64-bit
 * hash, sixteen 4-bit day counts in one {@code long} (slot = epoch day mod 16) and the day of the
 * last count, plus two bits (dirty, has a row): 20.25 bytes a slot, at most 3/4 full, so 27 to 54
 * bytes per key (two million keys take 84 MB), where a map of objects would take several times that. A day count saturates at 15, the
 * largest limit a policy may set, so "sum of the period reaches the limit" stays exact. Keys whose
 * last count is older than 16 days are dropped when the table is rebuilt to grow.
 *
 * <p>Durability: write-behind. Counts change memory at once and mark their slot dirty; every second
 * (and on {@link #close()}) the dirty slots are written to {@code cap_counter} in batches, and the
 * table is reloaded from there at start. A kill -9 (or power loss) loses the counts of at most the
 * last second or so: after such a crash a recipient may get that many messages more than its cap.
 * A failed write keeps the slots dirty for the next round.
 *
 * <p>Readers take an optimistic read and retry under the read lock when a write overlapped, so a
 * check never waits behind the flush; writes are serialized.
 */
public final class CapCounters implements AutoCloseable {

    static final int DAYS = 16;
    private static final int MAX_PER_DAY = 15;
    private static final double MAX_LOAD = 0.75;
    private static final int BATCH = 2000;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final Logger LOG = LoggerFactory.getLogger(CapCounters.class);
    private static final HashFunction HASH = Hashing.farmHashFingerprint64();

    /** One generation of the table; replaced whole when it grows, so a reader sees consistent arrays. */
    private static final class Table {
        final long[] keys;
        final long[] dayCounts;
        final int[] lastDays;
        final long[] dirty;
        /** Slots whose key has a row already: their write is an UPDATE, the others' an INSERT. */
        final long[] stored;

        Table(int capacity) {
            keys = new long[capacity];
            dayCounts = new long[capacity];
            lastDays = new int[capacity];
            dirty = new long[(capacity + 63) >>> 6];
            stored = new long[(capacity + 63) >>> 6];
        }

        int capacity() {
            return keys.length;
        }
    }

    private final Database database;
    private final Clock clock;
    private final StampedLock lock = new StampedLock();
    private final Object flushing = new Object();
    private final ScheduledExecutorService flusher;
    private Table table;
    private int size;
    private long purgedDay = Long.MIN_VALUE;

    /** Loads the counters of the last 16 days and starts writing changes every second. */
    public CapCounters(Database database, Clock clock) {
        this(database, clock, true);
    }

    CapCounters(Database database, Clock clock, boolean writeBehind) {
        this.database = database;
        this.clock = clock;
        this.table = new Table(capacityFor(16));
        load();
        if (writeBehind) {
            flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cap-counters-flush");
                thread.setDaemon(true);
                return thread;
            });
            flusher.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
        } else {
            flusher = null;
        }
    }

    /** The 64-bit hash that stands for a key in memory and in the database. */
    public static long hash(CountKey key) {
        long hash = HASH.hashString(key.tenantId() + '\u0000' + key.kind().name() + '\u0000' + key.value() + '\u0000'
                + key.address(), StandardCharsets.UTF_8).asLong();
        return hash == 0 ? 1 : hash; // 0 marks an empty slot
    }

    /** Messages counted under the key in the last {@code days} days (1 to 16), today included. */
    public int sent(long keyHash, int days) {
        long today = today();
        long stamp = lock.tryOptimisticRead();
        int sent = read(table, keyHash, today, days);
        if (lock.validate(stamp)) {
            return sent;
        }
        stamp = lock.readLock();
        try {
            return read(table, keyHash, today, days);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Counts one message under the key, today. */
    public void count(long keyHash) {
        int today = (int) today();
        long stamp = lock.writeLock();
        try {
            Table current = table;
            int slot = find(current, keyHash);
            if (current.keys[slot] == 0) {
                if (size + 1 > current.capacity() * MAX_LOAD) {
                    current = rebuild(today);
                    slot = find(current, keyHash);
                }
                current.keys[slot] = keyHash;
                current.lastDays[slot] = today;
                size++;
            }
            increment(current, slot, today);
            current.dirty[slot >>> 6] |= 1L << slot;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** How many keys memory holds, and the bytes the table takes. */
    public int size() {
        return size;
    }

    public long bytes() {
        Table current = table;
        return 20L * current.capacity() + 16L * current.dirty.length;
    }

    /** Writes the changed counters now; the background writer does this every second. */
    public void flush() {
        synchronized (flushing) {
            long today = today();
            Changes changes = takeDirty();
            try {
                write(changes);
                if (purgedDay != today) {
                    purge(today);
                    purgedDay = today;
                }
            } catch (SQLException | RuntimeException e) {
                markDirty(changes);
                throw new StoreException("cannot save " + changes.count + " frequency cap counters: " + e.getMessage(), e);
            }
        }
    }

    /** Stops the writer and saves what is left. */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    // ---- memory ----

    private long today() {
        return Math.floorDiv(clock.millis(), DAY_MILLIS);
    }

    private static int read(Table table, long keyHash, long today, int days) {
        int slot = find(table, keyHash);
        if (table.keys[slot] == 0) {
            return 0;
        }
        return sum(table.dayCounts[slot], table.lastDays[slot], today, days);
    }

    /** The counts of days (today - days, today] that the word still holds. */
    static int sum(long dayCounts, int lastDay, long today, int days) {
        long from = Math.max(today - days + 1, (long) lastDay - DAYS + 1);
        long to = Math.min(today, lastDay);
        int total = 0;
        for (long day = from; day <= to; day++) {
            total += (int) (dayCounts >>> shift(day)) & 15;
        }
        return total;
    }

    private static void increment(Table table, int slot, int today) {
        long word = table.dayCounts[slot];
        int lastDay = table.lastDays[slot];
        if (today > lastDay) {
            // The days between the last count and today held counts of 16 days ago: clear them.
            if (today - lastDay >= DAYS) {
                word = 0;
            } else {
                for (long day = lastDay + 1L; day <= today; day++) {
                    word &= ~(15L << shift(day));
                }
            }
            table.lastDays[slot] = today;
        } else if (today <= lastDay - DAYS) {
            return; // the clock went back more than the window: nothing to count into
        }
        if (((word >>> shift(today)) & 15) < MAX_PER_DAY) {
            word += 1L << shift(today);
        }
        table.dayCounts[slot] = word;
    }

    private static int shift(long day) {
        return 4 * (int) Math.floorMod(day, DAYS);
    }

    /** The slot of the key, or the empty slot where it would go. */
    private static int find(Table table, long keyHash) {
        long[] keys = table.keys;
        int mask = keys.length - 1;
        for (int i = (int) (keyHash ^ (keyHash >>> 32)) & mask; ; i = (i + 1) & mask) {
            long key = keys[i];
            if (key == keyHash || key == 0) {
                return i;
            }
        }
    }

    /** A new table without the keys older than the window, twice as large when the live ones need it. */
    private Table rebuild(int today) {
        Table old = table;
        int live = 0;
        for (int i = 0; i < old.capacity(); i++) {
            if (old.keys[i] != 0 && old.lastDays[i] > today - DAYS) {
                live++;
            }
        }
        Table fresh = new Table(Math.max(old.capacity(), capacityFor(live + 1)));
        if (fresh.capacity() == old.capacity() && live + 1 > old.capacity() * MAX_LOAD * 0.5) {
            fresh = new Table(old.capacity() * 2); // mostly live: grow rather than rebuild again soon
        }
        for (int i = 0; i < old.capacity(); i++) {
            if (old.keys[i] != 0 && old.lastDays[i] > today - DAYS) {
                int slot = find(fresh, old.keys[i]);
                fresh.keys[slot] = old.keys[i];
                fresh.dayCounts[slot] = old.dayCounts[i];
                fresh.lastDays[slot] = old.lastDays[i];
                if ((old.dirty[i >>> 6] & (1L << i)) != 0) {
                    fresh.dirty[slot >>> 6] |= 1L << slot;
                }
                if ((old.stored[i >>> 6] & (1L << i)) != 0) {
                    fresh.stored[slot >>> 6] |= 1L << slot;
                }
            }
        }
        table = fresh;
        size = live;
        return fresh;
    }

    private static int capacityFor(int expected) {
        int capacity = Integer.highestOneBit((int) Math.min(1 << 30, (long) Math.ceil(expected / MAX_LOAD)));
        return capacity < expected / MAX_LOAD ? capacity << 1 : capacity;
    }

    // ---- database ----

    /** Dirty counters copied out of memory; {@code fresh} ones have no row yet. */
    private record Changes(long[] keys, int[] lastDays, long[] dayCounts, boolean[] fresh, int count) {
    }

    private Changes takeDirty() {
        long stamp = lock.writeLock();
        try {
            Table current = table;
            int count = 0;
            for (long word : current.dirty) {
                count += Long.bitCount(word);
            }
            Changes changes = new Changes(new long[count], new int[count], new long[count], new boolean[count], count);
            int n = 0;
            for (int w = 0; w < current.dirty.length; w++) {
                for (long bits = current.dirty[w]; bits != 0; bits &= bits - 1) {
                    int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                    changes.keys[n] = current.keys[slot];
                    changes.lastDays[n] = current.lastDays[slot];
                    changes.dayCounts[n] = current.dayCounts[slot];
                    changes.fresh[n] = (current.stored[w] & (1L << slot)) == 0;
                    n++;
                }
                // Marked stored now: should the write fail, the retry updates first and inserts what is missing.
                current.stored[w] |= current.dirty[w];
                current.dirty[w] = 0;
            }
            return changes;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void markDirty(Changes changes) {
        long stamp = lock.writeLock();
        try {
            Table current = table;
            for (int i = 0; i < changes.count; i++) {
                int slot = find(current, changes.keys[i]);
                if (current.keys[slot] != 0) {
                    current.dirty[slot >>> 6] |= 1L << slot;
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void write(Changes changes) throws SQLException {
        for (int start = 0; start < changes.count; start += BATCH) {
            int end = Math.min(changes.count, start + BATCH);
            int from = start;
            database.transaction(connection -> {
                boolean[] missing = new boolean[end - from];
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE cap_counter SET last_day = ?, day_counts = ? WHERE key_hash = ?")) {
                    int[] batched = new int[end - from];
                    int n = 0;
                    for (int i = from; i < end; i++) {
                        if (changes.fresh[i]) {
                            missing[i - from] = true;
                        } else {
                            update.setInt(1, changes.lastDays[i]);
                            update.setLong(2, changes.dayCounts[i]);
                            update.setLong(3, changes.keys[i]);
                            update.addBatch();
                            batched[n++] = i - from;
                        }
                    }
                    if (n > 0) {
                        int[] updated = update.executeBatch();
                        for (int j = 0; j < updated.length; j++) {
                            missing[batched[j]] = updated[j] == 0;
                        }
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO cap_counter (key_hash, last_day, day_counts) VALUES (?, ?, ?)")) {
                    boolean any = false;
                    for (int i = from; i < end; i++) {
                        if (missing[i - from]) {
                            insert.setLong(1, changes.keys[i]);
                            insert.setInt(2, changes.lastDays[i]);
                            insert.setLong(3, changes.dayCounts[i]);
                            insert.addBatch();
                            any = true;
                        }
                    }
                    if (any) {
                        insert.executeBatch();
                    }
                }
                return null;
            });
        }
    }

    /** Rows whose last count left the window say nothing any more. */
    private void purge(long today) throws SQLException {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM cap_counter WHERE last_day <= ?")) {
            delete.setLong(1, today - DAYS);
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                LOG.debug("frequency caps: {} counters older than {} days removed", deleted, DAYS);
            }
        }
    }

    private void load() {
        long start = System.nanoTime();
        long today = today();
        try (Connection connection = database.connection();
             PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM cap_counter WHERE last_day > ?");
             PreparedStatement rows = connection.prepareStatement(
                     "SELECT key_hash, last_day, day_counts FROM cap_counter WHERE last_day > ?")) {
            count.setLong(1, today - DAYS);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                table = new Table(capacityFor(Math.max(16, (int) Math.min(1 << 29, result.getLong(1)))));
            }
            rows.setLong(1, today - DAYS);
            rows.setFetchSize(10_000);
            try (ResultSet row = rows.executeQuery()) {
                while (row.next()) {
                    long key = row.getLong(1);
                    int slot = find(table, key);
                    if (table.keys[slot] == 0) {
                        size++;
                    }
                    table.keys[slot] = key;
                    table.lastDays[slot] = row.getInt(2);
                    table.dayCounts[slot] = row.getLong(3);
                    table.stored[slot >>> 6] |= 1L << slot;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot load the frequency cap counters: " + e.getMessage(), e);
        }
        LOG.info("frequency caps: {} counters in memory ({} MB) in {} ms", size, bytes() >> 20,
                (System.nanoTime() - start) / 1_000_000);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("{}; will try again in a second", e.getMessage());
        }
    }
}
