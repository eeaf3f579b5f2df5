package io.mailgate.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision journal in Derby.
 *
 * <p>{@link #record} never waits for the disk: it puts the entry on a bounded queue and returns. One
 * writer thread takes entries off the queue and inserts them in batches, one transaction per batch,
 * at most {@value #MAX_DELAY_MS} ms after the first entry of a batch arrived or as soon as
 * {@value #BATCH_SIZE} entries are waiting. If the queue is full (the disk stalled for a long
 * time) the entry is dropped and counted ({@link #dropped()}), because stopping mail threads on the
 * journal would be worse; the log says so. {@link #close()} writes everything queued before it.
 *
 * <p>{@link #query} reads newest first, paging by id: the cursor of a page is the id of its last
 * entry, and the next page asks for smaller ids, so paging stays cheap and stable while new entries
 * arrive.
 */
public final class JournalStore implements DecisionJournal, AutoCloseable {

    /** An entry as stored, with the id that orders it. */
    public record StoredEntry(long id, Entry entry) {
    }

    /**
     * What to read: each non-empty field must match exactly, empty fields match anything.
     */
    public record Filter(String tenantId, String messageId, String recipient) {

        public Filter {
            tenantId = tenantId == null ? "" : tenantId;
            messageId = messageId == null ? "" : messageId;
            recipient = recipient == null ? "" : recipient;
        }

        public static Filter all() {
            return new Filter("", "", "");
        }
    }

    /** One page, newest first; {@code nextCursor} is empty on the last page. */
    public record Page(List<StoredEntry> entries, Optional<String> nextCursor) {
    }

    public static final int MAX_LIMIT = 1000;
    static final int BATCH_SIZE = 500;
    static final long MAX_DELAY_MS = 200;
    private static final int DEFAULT_CAPACITY = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(JournalStore.class);

    private sealed interface Item permits Write, Flush, Stop {
    }

    private record Write(Entry entry) implements Item {
    }

    private record Flush(CountDownLatch done) implements Item {
    }

    private record Stop() implements Item {
    }

    private final Database database;
    private final BlockingQueue<Item> queue;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private Connection connection;

    /** Opens the journal and starts its writer thread. */
    public JournalStore(Database database) {
        this(database, DEFAULT_CAPACITY);
    }

    /** With a queue of {@code capacity} entries (at about half a kilobyte each). */
    public JournalStore(Database database, int capacity) {
        this.database = database;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.writer = new Thread(this::writeLoop, "journal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues the entry for writing and returns at once. */
    @Override
    public void record(Entry entry) {
        if (closed) {
            drop(entry, "the journal is closed");
            return;
        }
        if (!queue.offer(new Write(entry))) {
            drop(entry, "the journal queue is full (the database is not keeping up)");
        }
    }

    /** Waits until every entry recorded before this call is in the database. */
    public void flush() throws InterruptedException {
        if (closed) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.put(new Flush(done));
        while (!done.await(100, TimeUnit.MILLISECONDS)) {
            if (!writer.isAlive()) {
                return;
            }
        }
    }

    /** How many entries were dropped because the queue was full or the journal closed. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Up to {@code limit} entries matching {@code filter}, newest first, older than {@code cursor}
     * (empty for the first page).
     */
    public Page query(Filter filter, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("the limit must be a number from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        long before = parseCursor(cursor);
        StringBuilder sql = new StringBuilder(
                "SELECT id, decided_at, message_id, tenant_id, recipient, stage, verdict, policy_id, reason FROM decision WHERE id < ?");
        List<String> values = new ArrayList<>();
        if (!filter.tenantId().isEmpty()) {
            sql.append(" AND tenant_id = ?");
            values.add(filter.tenantId());
        }
        if (!filter.messageId().isEmpty()) {
            sql.append(" AND message_id = ?");
            values.add(filter.messageId());
        }
        if (!filter.recipient().isEmpty()) {
            sql.append(" AND recipient = ?");
            values.add(filter.recipient());
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        List<StoredEntry> entries = new ArrayList<>();
        try (Connection reader = database.connection();
             PreparedStatement statement = reader.prepareStatement(sql.toString())) {
            statement.setLong(1, before);
            for (int i = 0; i < values.size(); i++) {
                statement.setString(i + 2, values.get(i));
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    entries.add(read(row));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the journal: " + e.getMessage(), e);
        }
        if (entries.size() > limit) {
            List<StoredEntry> page = List.copyOf(entries.subList(0, limit));
            return new Page(page, Optional.of(Long.toString(page.get(limit - 1).id())));
        }
        return new Page(List.copyOf(entries), Optional.empty());
    }

    /** Writes everything queued so far and stops the writer. The database stays open (its owner closes it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(new Stop());
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while closing the journal; {} entries may not be written", queue.size());
        }
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(BATCH_SIZE);
        List<CountDownLatch> waiting = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                Item item = queue.take();
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MS);
                while (item != null) {
                    if (item instanceof Write write) {
                        batch.add(write.entry());
                    } else if (item instanceof Flush flush) {
                        waiting.add(flush.done());
                        break;
                    } else {
                        stop = true;
                        break;
                    }
                    if (batch.size() >= BATCH_SIZE) {
                        break;
                    }
                    item = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                // nobody but close() should stop this thread, and close() uses Stop: go on
            }
            if (stop) {
                List<Item> rest = new ArrayList<>();
                queue.drainTo(rest);
                for (Item item : rest) {
                    if (item instanceof Write write) {
                        batch.add(write.entry());
                    } else if (item instanceof Flush flush) {
                        waiting.add(flush.done());
                    }
                }
            }
            writeBatch(batch);
            batch.clear();
            waiting.forEach(CountDownLatch::countDown);
            waiting.clear();
        }
        closeConnection();
    }

    /** Inserts the batch in one transaction, retrying once on a fresh connection. */
    private void writeBatch(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                insert(batch);
                return;
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                if (attempt == 2) {
                    dropped.addAndGet(batch.size());
                    LOG.error("could not write {} journal entries, they are lost: {}", batch.size(), e.getMessage(), e);
                    return;
                }
                LOG.warn("writing {} journal entries failed, retrying once: {}", batch.size(), e.getMessage());
            }
        }
    }

    private void insert(List<Entry> batch) throws SQLException {
        if (connection == null) {
            connection = database.connection();
            connection.setAutoCommit(false);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO decision "
                + "(decided_at, message_id, tenant_id, recipient, stage, verdict, policy_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry entry : batch) {
                Database.setTime(insert, 1, entry.time() == null ? Instant.now() : entry.time());
                insert.setString(2, text(entry.messageId(), 500));
                insert.setString(3, text(entry.tenantId(), 64));
                insert.setString(4, text(entry.recipient(), 320));
                insert.setString(5, text(entry.stage(), 100));
                insert.setString(6, entry.verdict() == null ? "" : entry.verdict().name());
                insert.setString(7, text(entry.policyId(), 32));
                insert.setString(8, text(entry.reason(), 2000));
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is being replaced anyway
            }
            throw e;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the journal connection: {}", e.getMessage());
            }
            connection = null;
        }
    }

    private void drop(Entry entry, String why) {
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 1000 == 0) {
            LOG.warn("journal entry dropped because {} ({} dropped so far): {}", why, count, entry);
        }
    }

    private static StoredEntry read(ResultSet row) throws SQLException {
        String verdict = row.getString("verdict");
        Entry entry = new Entry(Database.getTime(row, "decided_at"), row.getString("message_id"), row.getString("tenant_id"),
                row.getString("recipient"), row.getString("stage"),
                verdict.isEmpty() ? null : Verdict.Kind.valueOf(verdict),
                row.getString("policy_id"), row.getString("reason"));
        return new StoredEntry(row.getLong("id"), entry);
    }

    private static long parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException("the cursor '" + cursor + "' is not one this server handed out; start again without a cursor");
    }

    private static String text(String value, int max) {
        return value == null ? "" : Database.truncate(value, max);
    }
}
