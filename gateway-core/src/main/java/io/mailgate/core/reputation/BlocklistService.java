package io.mailgate.core.reputation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.Blocklists;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.StoreException;
import io.mailgate.core.store.TenantRecord;
import io.mailgate.core.store.TenantStore;

/**
 * The gateway's side of blocklist monitoring (POLICY.md REP-1): keeps the listing history
 * (listed since, delisted at, by which list) in {@code blocklist_listing}, opens a case against
 * every tenant whose sending domain a list starts listing, and turns a listed gateway address and
 * every monitor alert into an admin event (log at WARN, {@code mailgate_rbl_alerts_total}, and
 * {@code GET /api/v1/blocklists}).
 */
public final class BlocklistService implements Blocklists {

    /** One listing, current ({@code delistedAt} null) or past. */
    public record Listing(long id, String list, String kind, String subject, String answer, String text,
                          Instant listedSince, Instant delistedAt) {
    }

    /** An event for the admins. */
    public record Alert(Instant time, String list, String subject, String what) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(BlocklistService.class);
    private static final int KEPT_ALERTS = 200;

    private final Database database;
    private final TenantStore tenants;
    private final ReputationCases cases;
    private final Settings settings;
    private final Clock clock;
    /** "list subject" of the current listings, to their row. */
    private final Map<String, Long> current = new ConcurrentHashMap<>();
    private final Deque<Alert> alerts = new ArrayDeque<>();
    private final Map<String, LongAdder> alertCounts = new ConcurrentHashMap<>();

    public BlocklistService(Database database, TenantStore tenants, ReputationCases cases, Settings settings, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.cases = cases;
        this.settings = settings;
        this.clock = clock;
        for (Listing listing : listings(true)) {
            current.put(key(listing.list(), listing.subject()), listing.id());
        }
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Map<String, Set<String>> sendingDomains() {
        Map<String, Set<String>> domains = new HashMap<>();
        for (TenantRecord tenant : tenants.listTenants()) {
            for (String domain : tenant.domains()) {
                domains.computeIfAbsent(domain, d -> new TreeSet<>()).add(tenant.id());
            }
        }
        return domains;
    }

    @Override
    public synchronized void listed(Subject kind, String subject, String list, String answer, String text) {
        String key = key(list, subject);
        if (current.containsKey(key)) {
            return;
        }
        current.put(key, insert(kind, subject, list, answer, text));
        String why = (kind == Subject.IP ? "sending IP " : "sending domain ") + subject + " is listed on " + list
                + " (" + answer + (text.isBlank() ? "" : ": " + text.strip()) + ")";
        LOG.warn("blocklist: {}", why);
        if (kind == Subject.IP) {
            alert(list, subject, "the gateway's " + why + " (REP-1)");
            return;
        }
        for (TenantRecord tenant : tenants.listTenants()) {
            if (tenant.domains().contains(subject)) {
                cases.violation(tenant.id(), "REP-1", why);
            }
        }
    }

    @Override
    public synchronized void clean(Subject kind, String subject, String list) {
        Long id = current.remove(key(list, subject));
        if (id == null) {
            return;
        }
        try (Connection connection = database.connection();
             PreparedStatement update = connection.prepareStatement("UPDATE blocklist_listing SET delisted_at = ? WHERE id = ?")) {
            Database.setTime(update, 1, clock.instant());
            update.setLong(2, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record the delisting of " + subject + " from " + list, e);
        }
        LOG.info("blocklist: {} is no longer listed on {}", subject, list);
    }

    @Override
    public void alert(String list, String subject, String what) {
        LOG.warn("blocklist alert, {} {}: {}", list, subject, what);
        alertCounts.computeIfAbsent(list, l -> new LongAdder()).increment();
        synchronized (alerts) {
            alerts.addFirst(new Alert(clock.instant(), list, subject, what));
            while (alerts.size() > KEPT_ALERTS) {
                alerts.removeLast();
            }
        }
    }

    /** The newest alerts first. */
    public List<Alert> alerts() {
        synchronized (alerts) {
            return new ArrayList<>(alerts);
        }
    }

    /** Alerts so far per list, for the metrics. */
    public Map<String, Long> alertCounts() {
        Map<String, Long> counts = new TreeMap<>();
        alertCounts.forEach((list, count) -> counts.put(list, count.sum()));
        return counts;
    }

    public int currentListings() {
        return current.size();
    }

    /** Listings, newest first: only the current ones, or all (the history). */
    public List<Listing> listings(boolean currentOnly) {
        String sql = "SELECT * FROM blocklist_listing" + (currentOnly ? " WHERE delisted_at IS NULL" : "") + " ORDER BY id DESC";
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet row = query.executeQuery()) {
            List<Listing> found = new ArrayList<>();
            while (row.next()) {
                java.sql.Timestamp delisted = row.getTimestamp("delisted_at",
                        java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
                found.add(new Listing(row.getLong("id"), row.getString("list_zone"), row.getString("subject_kind"),
                        row.getString("subject"), row.getString("answer"), row.getString("answer_text"),
                        Database.getTime(row, "listed_since"), delisted == null ? null : delisted.toInstant()));
            }
            return found;
        } catch (SQLException e) {
            throw new StoreException("cannot read the blocklist listings", e);
        }
    }

    private long insert(Subject kind, String subject, String list, String answer, String text) {
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO blocklist_listing (list_zone, subject_kind, subject, answer, answer_text, listed_since)
                     VALUES (?, ?, ?, ?, ?, ?)""", java.sql.Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, list);
            insert.setString(2, kind.name().toLowerCase(java.util.Locale.ROOT));
            insert.setString(3, subject);
            insert.setString(4, clip(answer, 64));
            insert.setString(5, clip(text, 1000));
            Database.setTime(insert, 6, clock.instant());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record the listing of " + subject + " on " + list, e);
        }
    }

    private static String clip(String text, int max) {
        String plain = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return plain.length() <= max ? plain : plain.substring(0, max);
    }

    private static String key(String list, String subject) {
        return list + " " + subject;
    }
}
