package io.mailgate.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    private static final Migration FIRST = Migration.of(1, "a table", "CREATE TABLE a (x INT NOT NULL)");
    private static final Migration SECOND = Migration.of(2, "another table", "CREATE TABLE b (y INT NOT NULL)");

    @TempDir
    Path home;

    @Test
    void openShouldApplyTheGatewaySchemaOnceWhenReopened() throws SQLException {
        try (Database database = Database.open(home.resolve("db"))) {
            assertEquals(Schema.MIGRATIONS.size(), database.schemaVersion());
        }
        try (Database database = Database.open(home.resolve("db"))) {
            assertEquals(Schema.MIGRATIONS.size(), database.schemaVersion());
            assertEquals(Schema.MIGRATIONS.size(), count(database, "schema_version"));
        }
    }

    @Test
    void openShouldApplyOnlyTheNewStepWhenTheCodeGainedOne() throws SQLException {
        try (Database database = Database.open(home.resolve("db"), List.of(FIRST))) {
            execute(database, "INSERT INTO a (x) VALUES (7)");
        }
        try (Database database = Database.open(home.resolve("db"), List.of(FIRST, SECOND))) {
            assertEquals(2, database.schemaVersion());
            assertEquals(1, count(database, "a"));
            assertEquals(0, count(database, "b"));
        }
    }

    @Test
    void openShouldRollBackAFailedStepWhole() throws SQLException {
        Migration broken = Migration.of(2, "half good", "CREATE TABLE b (y INT)", "CREATE TABLE nonsense (");
        try (Database database = Database.open(home.resolve("db"), List.of(FIRST))) {
            assertEquals(1, database.schemaVersion());
        }
        StoreException failure = assertThrows(StoreException.class,
                () -> Database.open(home.resolve("db"), List.of(FIRST, broken)));
        assertTrue(failure.getMessage().contains("migration 2"), failure.getMessage());
        try (Database database = Database.open(home.resolve("db"), List.of(FIRST))) {
            assertEquals(1, database.schemaVersion());
            assertFalse(tableExists(database, "B"));
        }
    }

    @Test
    void openShouldRefuseADatabaseNewerThanTheCode() {
        Database.open(home.resolve("db"), List.of(FIRST, SECOND)).close();
        StoreException failure = assertThrows(StoreException.class, () -> Database.open(home.resolve("db"), List.of(FIRST)));
        assertTrue(failure.getMessage().contains("schema version 2"), failure.getMessage());
    }

    @Test
    void closeShouldShutDownOnlyThisDatabase() throws SQLException {
        try (Database other = Database.open(home.resolve("other"), List.of(FIRST))) {
            Database.open(home.resolve("db"), List.of(FIRST)).close();
            assertEquals(0, count(other, "a"));
        }
    }

    @Test
    void connectionShouldFailAfterClose() {
        Database database = Database.open(home.resolve("db"), List.of(FIRST));
        database.close();
        database.close();
        assertThrows(SQLException.class, database::connection);
    }

    private static int count(Database database, String table) throws SQLException {
        try (Connection connection = database.connection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void execute(Database database, String sql) throws SQLException {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean tableExists(Database database, String name) throws SQLException {
        try (Connection connection = database.connection();
             ResultSet tables = connection.getMetaData().getTables(null, null, name, null)) {
            return tables.next();
        }
    }
}
