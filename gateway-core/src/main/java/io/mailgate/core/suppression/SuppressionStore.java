package io.mailgate.core.suppression;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

import io.mailgate.api.Suppressions;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.StoreException;

/**
 * The suppression lists: rows in the database, and in memory only a 64-bit hash per entry
 * ({@link HashSet64}), so that ten million entries fit in about 170 MB less than their rows would
 * and an address on no list (nearly every recipient) is answered without a query. A hit is
 * confirmed, with its reason, by a read of its row.
 *
 * <p>Writes are serialized and change memory after their transaction commits, so memory never
 * claims less than the database holds for longer than a commit.
 */
public final class SuppressionStore implements Suppressions {

    /** A page of entries and the cursor of the next page, if there is one. */
    public record Page(List<Entry> entries, Optional<String> nextCursor) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SuppressionStore.class);
    private static final HashFunction HASH = Hashing.farmHashFingerprint64();
    private static final String COLUMNS = "tenant_id, resource, address, reason, source, created_at, message_id";

    private final Database database;
    private final Clock clock;
    private final HashSet64 index;
    private final java.util.concurrent.BlockingQueue<Lookup> lookups = new java.util.concurrent.ArrayBlockingQueue<>(8);

    public SuppressionStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.index = load(database);
    }

    /** The hash that stands for an entry in memory: its scope and its address. */
    static long hash(String tenantId, String resource, String address) {
        return HASH.hashString(tenantId + '\u0000' + resource + '\u0000' + address, StandardCharsets.UTF_8).asLong();
    }

    @Override
    public Optional<Entry> find(String tenantId, String resource, String address) {
        String normalized;
        try {
            normalized = Addresses.normalize(address);
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
        Optional<Entry> found = confirmed("", "", normalized);
        if (found.isEmpty() && !tenantId.isEmpty()) {
            found = confirmed(tenantId, "", normalized);
            if (found.isEmpty() && !resource.isEmpty()) {
                found = confirmed(tenantId, resource, normalized);
            }
        }
        return found;
    }

    /** The entry in exactly this scope, for the admin API. */
    public Optional<Entry> get(String tenantId, String resource, String address) {
        return confirmed(tenantId, resource, Addresses.normalize(address));
    }

    @Override
    public synchronized void add(Entry entry) {
        Entry normalized = normalized(entry);
        long hash = hash(normalized.tenantId(), normalized.resource(), normalized.address());
        write("suppress " + normalized.address(), connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM suppression WHERE tenant_id = ? AND resource = ? AND address = ?")) {
                delete.setString(1, normalized.tenantId());
                delete.setString(2, normalized.resource());
                delete.setString(3, normalized.address());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
                bindInsert(insert, normalized, hash);
                insert.executeUpdate();
            }
            return null;
        });
        index.add(hash);
    }

    /** Removes the entry in exactly this scope; false when there was none. */
    public synchronized boolean remove(String tenantId, String resource, String address) {
        String normalized = Addresses.normalize(address);
        int removed = write("remove " + normalized, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM suppression WHERE tenant_id = ? AND resource = ? AND address = ?")) {
                delete.setString(1, tenantId);
                delete.setString(2, resource);
                delete.setString(3, normalized);
                return delete.executeUpdate();
            }
        });
        if (removed > 0) {
            index.remove(hash(tenantId, resource, normalized));
        }
        return removed > 0;
    }

    /**
     * Entries of a tenant ("" for the gateway-wide lists) in address order, {@code limit} at a time;
     * {@code resource} null means every scope of the tenant, {@code reason} null every reason.
     */
    public Page list(String tenantId, String resource, Reason reason, String cursor, int limit) {
        Cursor after = cursor == null || cursor.isEmpty() ? Cursor.START : Cursor.decode(cursor);
        String sql = "SELECT " + COLUMNS + " FROM suppression WHERE tenant_id = ?"
                + (resource == null ? "" : " AND resource = ?")
                + (reason == null ? "" : " AND reason = ?")
                + " AND (resource > ? OR (resource = ? AND address > ?)) ORDER BY resource, address FETCH FIRST ? ROWS ONLY";
        List<Entry> entries = read("list suppressions", connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                int i = 1;
                query.setString(i++, tenantId);
                if (resource != null) {
                    query.setString(i++, resource);
                }
                if (reason != null) {
                    query.setString(i++, reason.name());
                }
                query.setString(i++, after.resource());
                query.setString(i++, after.resource());
                query.setString(i++, after.address());
                query.setInt(i, limit + 1);
                return rows(query);
            }
        });
        if (entries.size() <= limit) {
            return new Page(entries, Optional.empty());
        }
        Entry last = entries.get(limit - 1);
        return new Page(entries.subList(0, limit), Optional.of(new Cursor(last.resource(), last.address()).encode()));
    }

    /** How many entries memory holds, and the bytes it takes for them. */
    public long size() {
        return index.size();
    }

    public long indexBytes() {
        return index.bytes();
    }

    // ---- for SuppressionImport: one transaction, then memory ----

    static String insertSql() {
        return "INSERT INTO suppression (" + COLUMNS + ", address_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    static void bindInsert(PreparedStatement insert, Entry entry, long hash) throws SQLException {
        insert.setString(1, entry.tenantId());
        insert.setString(2, entry.resource());
        insert.setString(3, entry.address());
        insert.setString(4, entry.reason().name());
        insert.setString(5, entry.source());
        Database.setTime(insert, 6, entry.at());
        insert.setString(7, entry.messageId());
        insert.setLong(8, hash);
    }

    boolean mayContain(long hash) {
        return index.contains(hash);
    }

    /** Runs {@code work} in one transaction under the store's write lock; the hashes it returns go to memory after commit. */
    synchronized void writeMany(String what, Database.Work<long[]> work) {
        for (long hash : write(what, work)) {
            index.add(hash);
        }
    }

    Clock clock() {
        return clock;
    }

    Database database() {
        return database;
    }

    // ----

    private Optional<Entry> confirmed(String tenantId, String resource, String address) {
        if (!index.contains(hash(tenantId, resource, address))) {
            return Optional.empty();
        }
        Lookup lookup = lookups.poll();
        try {
            if (lookup == null) {
                lookup = new Lookup(database.connection());
            }
            Optional<Entry> found = lookup.find(tenantId, resource, address);
            if (!lookups.offer(lookup)) {
                lookup.close();
            }
            return found;
        } catch (SQLException e) {
            if (lookup != null) {
                lookup.close();
            }
            throw new StoreException("cannot look up " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection with its prepared row read, kept for the next hit: opening a connection and
     * preparing the statement cost ten times the read itself.
     */
    private static final class Lookup {
        private final Connection connection;
        private final PreparedStatement query;

        Lookup(Connection connection) throws SQLException {
            this.connection = connection;
            // Never wait behind a long import's locks: a row is in memory only once committed.
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            this.query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM suppression WHERE tenant_id = ? AND resource = ? AND address = ?");
        }

        Optional<Entry> find(String tenantId, String resource, String address) throws SQLException {
            query.setString(1, tenantId);
            query.setString(2, resource);
            query.setString(3, address);
            return rows(query).stream().findFirst();
        }

        void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the database is going away
            }
        }
    }

    private Entry normalized(Entry entry) {
        return new Entry(entry.tenantId() == null ? "" : entry.tenantId(), entry.resource() == null ? "" : entry.resource(),
                Addresses.normalize(entry.address()), entry.reason(), entry.source() == null ? "" : entry.source(),
                entry.at() == null ? clock.instant() : entry.at(), entry.messageId() == null ? "" : entry.messageId());
    }

    private static List<Entry> rows(PreparedStatement query) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                entries.add(new Entry(row.getString("tenant_id"), row.getString("resource"), row.getString("address"),
                        Reason.valueOf(row.getString("reason")), row.getString("source"),
                        Database.getTime(row, "created_at"), row.getString("message_id")));
            }
        }
        return entries;
    }

    private static HashSet64 load(Database database) {
        long start = System.nanoTime();
        try (Connection connection = database.connection();
             var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM suppression")) {
            count.next();
            HashSet64 index = new HashSet64((int) Math.min(Integer.MAX_VALUE / 2, count.getLong(1)));
            try (var hashes = connection.createStatement().executeQuery("SELECT address_hash FROM suppression")) {
                while (hashes.next()) {
                    index.add(hashes.getLong(1));
                }
            }
            LOG.info("suppression lists: {} entries in memory ({} MB) in {} ms", index.size(),
                    index.bytes() >> 20, (System.nanoTime() - start) / 1_000_000);
            return index;
        } catch (SQLException e) {
            throw new StoreException("cannot load the suppression lists: " + e.getMessage(), e);
        }
    }

    private <T> T write(String what, Database.Work<T> work) {
        try {
            return database.transaction(work);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, Database.Work<T> work) {
        try (Connection connection = database.connection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Where a page ends: the last (resource, address) it showed, opaque to clients. */
    private record Cursor(String resource, String address) {
        static final Cursor START = new Cursor("", "");

        String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((resource + '\u0000' + address).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8)
                        .split("\u0000", -1);
                if (parts.length == 2) {
                    return new Cursor(parts[0], parts[1]);
                }
            } catch (IllegalArgumentException bad) {
                // said below
            }
            throw new io.mailgate.core.store.InvalidInputException("the cursor '" + text + "' is not one this API gave");
        }
    }
}
