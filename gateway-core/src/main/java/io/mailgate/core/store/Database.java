package io.mailgate.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's embedded Derby database in one directory (normally {@code <home>/db}), brought to
 * the current schema when it opens.
 *
 * <p>Migrations: {@code schema_version} holds one row per applied {@link Migration}. At open, each
 * step newer than the last applied one runs in its own transaction together with its row, so a step
 * is applied completely and exactly once, and reopening changes nothing. A database newer than this
 * build refuses to open rather than be misread.
 *
 * <p>{@link #close()} shuts down this database only. Derby reports a successful shutdown with SQLState
 * 08006; shutting the whole Derby system down would deregister its driver for everyone else in the
 * process.
 *
 * <p>Derby's own log goes to ours ({@link DerbyLog}) instead of a {@code derby.log} file in the
 * working directory, unless a {@code derby.stream.error.*} system property already says otherwise.
 */
public final class Database implements AutoCloseable {

    /** A piece of work on one connection; see {@link #transaction(Work)}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String SHUTDOWN_OK = "08006";
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    static {
        if (System.getProperty("derby.stream.error.field") == null
                && System.getProperty("derby.stream.error.file") == null
                && System.getProperty("derby.stream.error.method") == null) {
            System.setProperty("derby.stream.error.field", DerbyLog.class.getName() + ".STREAM");
        }
    }

    private final Path directory;
    private final EmbeddedDataSource dataSource;
    private final int schemaVersion;
    private volatile boolean closed;

    private Database(Path directory, List<Migration> migrations) {
        this.directory = directory.toAbsolutePath().normalize();
        this.dataSource = dataSource(this.directory);
        this.dataSource.setCreateDatabase("create");
        try {
            Files.createDirectories(this.directory.getParent());
            this.schemaVersion = migrate(migrations);
        } catch (Exception e) {
            shutdownQuietly();
            throw e instanceof StoreException se ? se
                    : new StoreException("cannot open the database at " + this.directory + ": " + e.getMessage(), e);
        }
    }

    /** Opens (creating if needed) the database in {@code directory} with the gateway's {@link Schema}. */
    public static Database open(Path directory) {
        return open(directory, Schema.MIGRATIONS);
    }

    /** Opens the database with the given migrations, for tests and for stores with a schema of their own. */
    public static Database open(Path directory, List<Migration> migrations) {
        return new Database(directory, migrations);
    }

    public Path directory() {
        return directory;
    }

    /** The version of the last migration applied. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** A new connection in auto-commit mode; the caller closes it. */
    public Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the database at " + directory + " is closed", "08003");
        }
        return dataSource.getConnection();
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) throws SQLException {
        try (Connection connection = connection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Shuts this database down; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownQuietly();
    }

    /** Writes a time as a UTC timestamp, whatever the JVM's time zone. */
    public static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        statement.setTimestamp(index, Timestamp.from(time), Calendar.getInstance(UTC));
    }

    /** Reads a time written by {@link #setTime}. */
    public static Instant getTime(ResultSet row, String column) throws SQLException {
        return row.getTimestamp(column, Calendar.getInstance(UTC)).toInstant();
    }

    private static EmbeddedDataSource dataSource(Path directory) {
        EmbeddedDataSource source = new EmbeddedDataSource();
        source.setDatabaseName(directory.toString());
        return source;
    }

    private void shutdownQuietly() {
        EmbeddedDataSource shutdown = dataSource(directory);
        shutdown.setShutdownDatabase("shutdown");
        try {
            shutdown.getConnection().close();
            LOG.warn("Derby did not confirm the shutdown of {}", directory);
        } catch (SQLException e) {
            if (SHUTDOWN_OK.equals(e.getSQLState())) {
                LOG.debug("database {} shut down", directory);
            } else if ("XJ004".equals(e.getSQLState())) {
                LOG.debug("database {} was not booted", directory);
            } else {
                LOG.warn("shutting down the database at {} failed: {} ({})", directory, e.getMessage(), e.getSQLState());
            }
        }
    }

    private int migrate(List<Migration> migrations) throws SQLException {
        checkOrder(migrations);
        int known = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        try (Connection connection = dataSource.getConnection()) {
            createVersionTable(connection);
            int current = currentVersion(connection);
            if (current > known) {
                throw new StoreException("the database at " + directory + " has schema version " + current
                        + " but this build of Mailgate knows only up to version " + known
                        + "; run the newer Mailgate that wrote it, or restore a backup", null);
            }
            for (Migration migration : migrations) {
                if (migration.version() > current) {
                    apply(connection, migration);
                    current = migration.version();
                }
            }
            return current;
        }
    }

    private static void checkOrder(List<Migration> migrations) {
        int previous = 0;
        for (Migration migration : migrations) {
            if (migration.version() <= previous) {
                throw new IllegalArgumentException("migrations must have increasing versions: "
                        + migration.version() + " comes after " + previous);
            }
            previous = migration.version();
        }
    }

    private static void createVersionTable(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet tables = meta.getTables(null, null, "SCHEMA_VERSION", new String[] {"TABLE"})) {
            if (tables.next()) {
                return;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE schema_version (
                        version INT NOT NULL PRIMARY KEY,
                        description VARCHAR(500) NOT NULL,
                        applied_at TIMESTAMP NOT NULL)""");
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            row.next();
            return row.getInt(1);
        }
    }

    private void apply(Connection connection, Migration migration) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement record = connection.prepareStatement(
                     "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            for (String sql : migration.statements()) {
                statement.execute(sql);
            }
            record.setInt(1, migration.version());
            record.setString(2, truncate(migration.description(), 500));
            setTime(record, 3, Instant.now());
            record.executeUpdate();
            connection.commit();
            LOG.info("database {}: applied schema version {} ({})", directory, migration.version(), migration.description());
        } catch (SQLException e) {
            connection.rollback();
            throw new StoreException("schema migration " + migration.version() + " (" + migration.description()
                    + ") failed on " + directory + ": " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
