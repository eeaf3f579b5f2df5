package io.mailgate.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.ContentRules.Rule;

/**
 * Content screening's data in Derby (migration 7): the rules ({@code content_rule}), the tenants'
 * approvals for CON-2 topics ({@code content_approval}, also kept in memory for the chain), and
 * the audit of every change ({@code content_change}: who, when, what, the JSON before and after),
 * written in the same transaction as the change. The plugin checks rules before it saves them.
 */
public final class ContentRuleTables implements ContentRuleStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CHANGES = 1000;

    private final Database database;
    private final TenantStore tenants;
    private final Clock clock;
    private final Map<String, Set<String>> approvals = new ConcurrentHashMap<>();

    public ContentRuleTables(Database database, TenantStore tenants, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.clock = clock;
        loadApprovals();
    }

    @Override
    public List<Rule> rules() {
        try (Connection connection = database.connection()) {
            return new ArrayList<>(stored(connection).values());
        } catch (SQLException e) {
            throw new StoreException("cannot read the content rules: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(List<Rule> upserted, List<String> deleted, String actor) {
        Instant now = now();
        try {
            database.transaction(connection -> {
                Map<String, Rule> before = stored(connection);
                for (Rule rule : upserted) {
                    Rule old = before.get(rule.id());
                    if (rule.equals(old)) {
                        continue;
                    }
                    delete(connection, rule.id());
                    insert(connection, rule, now);
                    audit(connection, now, actor, "rule " + rule.id(), json(old), json(rule));
                }
                for (String id : deleted) {
                    Rule old = before.get(id);
                    if (old != null) {
                        delete(connection, id);
                        audit(connection, now, actor, "rule " + id, json(old), "");
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot save the content rules: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean approved(String tenantId, String category) {
        Set<String> categories = approvals.get(tenantId);
        return categories != null && categories.contains(category);
    }

    @Override
    public Set<String> approvals(String tenantId) {
        return Set.copyOf(approvals.getOrDefault(tenantId, Set.of()));
    }

    @Override
    public synchronized boolean approve(String tenantId, String category, String actor) {
        if (tenants.tenant(tenantId).isEmpty()) {
            throw new NotFoundException("there is no tenant with id '" + tenantId + "'");
        }
        if (approved(tenantId, category)) {
            return false;
        }
        Instant now = now();
        write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO content_approval (tenant_id, category, approved_at) VALUES (?, ?, ?)")) {
                insert.setString(1, tenantId);
                insert.setString(2, category);
                Database.setTime(insert, 3, now);
                insert.executeUpdate();
            }
            audit(connection, now, actor, "approval " + tenantId + " " + category, "", "\"approved\"");
        });
        approvals.computeIfAbsent(tenantId, id -> ConcurrentHashMap.newKeySet()).add(category);
        return true;
    }

    @Override
    public synchronized boolean revoke(String tenantId, String category, String actor) {
        if (!approved(tenantId, category)) {
            return false;
        }
        Instant now = now();
        write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM content_approval WHERE tenant_id = ? AND category = ?")) {
                delete.setString(1, tenantId);
                delete.setString(2, category);
                delete.executeUpdate();
            }
            audit(connection, now, actor, "approval " + tenantId + " " + category, "\"approved\"", "");
        });
        approvals.getOrDefault(tenantId, ConcurrentHashMap.newKeySet()).remove(category);
        return true;
    }

    @Override
    public List<Change> changes(String subjectPrefix, int limit) {
        List<Change> changes = new ArrayList<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT * FROM content_change WHERE subject LIKE ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
            select.setString(1, subjectPrefix.replace("%", "").replace("_", "") + "%");
            select.setInt(2, Math.max(1, Math.min(limit, MAX_CHANGES)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    changes.add(new Change(rows.getLong("id"), Database.getTime(rows, "changed_at"), rows.getString("actor"),
                            rows.getString("subject"), rows.getString("before_value"), rows.getString("after_value")));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the content changes: " + e.getMessage(), e);
        }
        return changes;
    }

    private interface Write {
        void run(Connection connection) throws SQLException;
    }

    private void write(Write write) {
        try {
            database.transaction(connection -> {
                write.run(connection);
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot save the content approvals: " + e.getMessage(), e);
        }
    }

    private static Map<String, Rule> stored(Connection connection) throws SQLException {
        Map<String, Rule> rules = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM content_rule ORDER BY id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                rules.put(rows.getString("id"), new Rule(rows.getString("id"), rows.getString("category"),
                        split(rows.getString("languages")), rows.getString("query_text"), split(rows.getString("fields")),
                        rows.getString("action"), rows.getString("mode"), rows.getString("note")));
            }
        }
        return rules;
    }

    private static void insert(Connection connection, Rule rule, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO content_rule (id, category, languages, query_text, fields, action, mode, note, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, rule.id());
            insert.setString(2, rule.category());
            insert.setString(3, String.join(",", rule.languages()));
            insert.setString(4, rule.query());
            insert.setString(5, String.join(",", rule.fields()));
            insert.setString(6, rule.action());
            insert.setString(7, rule.mode());
            insert.setString(8, rule.note());
            Database.setTime(insert, 9, now);
            insert.executeUpdate();
        }
    }

    private static void delete(Connection connection, String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM content_rule WHERE id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }

    private static void audit(Connection connection, Instant now, String actor, String subject, String before, String after)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO content_change (changed_at, actor, subject, before_value, after_value) VALUES (?, ?, ?, ?, ?)""")) {
            Database.setTime(insert, 1, now);
            insert.setString(2, actor.length() > 200 ? actor.substring(0, 200) : actor);
            insert.setString(3, subject);
            insert.setString(4, before);
            insert.setString(5, after);
            insert.executeUpdate();
        }
    }

    private void loadApprovals() {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT tenant_id, category FROM content_approval");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                approvals.computeIfAbsent(rows.getString(1), id -> ConcurrentHashMap.newKeySet()).add(rows.getString(2));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the content approvals: " + e.getMessage(), e);
        }
    }

    private static String json(Rule rule) {
        if (rule == null) {
            return "";
        }
        try {
            return JSON.writeValueAsString(rule);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
