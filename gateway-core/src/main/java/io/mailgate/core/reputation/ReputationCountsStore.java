package io.mailgate.core.reputation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.mailgate.core.store.Database;
import io.mailgate.core.store.StoreException;

/**
 * The rolling window's counts in Derby ({@code reputation_count}), by provider group and event
 * name, so that a restart, or a change of the groups or events, reads them back correctly. Saving
 * replaces every row in one transaction: the window is small (the tenants' non-zero counts of a
 * day in 10-minute slots).
 */
final class ReputationCountsStore {

    private final Database database;
    private final ProviderGroups groups;

    ReputationCountsStore(Database database, ProviderGroups groups) {
        this.database = database;
        this.groups = groups;
    }

    void save(List<RollingCounters.Cell> cells) {
        try {
            database.transaction(connection -> {
                try (Statement clear = connection.createStatement()) {
                    clear.executeUpdate("DELETE FROM reputation_count");
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO reputation_count (tenant_id, slot_start, provider, event, amount) VALUES (?, ?, ?, ?, ?)")) {
                    for (RollingCounters.Cell cell : cells) {
                        insert.setString(1, cell.tenantId());
                        insert.setLong(2, cell.slotStart().toEpochMilli());
                        insert.setString(3, groups.name(cell.group()));
                        insert.setString(4, cell.event().name());
                        insert.setLong(5, cell.count());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot save the reputation figures: " + e.getMessage(), e);
        }
    }

    /** The saved counts; rows of a provider group or event this version does not know are left out. */
    List<RollingCounters.Cell> load() {
        List<RollingCounters.Cell> cells = new ArrayList<>();
        try (var connection = database.connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT tenant_id, slot_start, provider, event, amount FROM reputation_count");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                int group = groups.indexOf(row.getString(3));
                ReputationEvent event = eventNamed(row.getString(4));
                if (group >= 0 && event != null) {
                    cells.add(new RollingCounters.Cell(row.getString(1), Instant.ofEpochMilli(row.getLong(2)), group, event,
                            row.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the reputation figures: " + e.getMessage(), e);
        }
        return cells;
    }

    private static ReputationEvent eventNamed(String name) {
        for (ReputationEvent event : ReputationEvent.values()) {
            if (event.name().equals(name)) {
                return event;
            }
        }
        return null;
    }
}
