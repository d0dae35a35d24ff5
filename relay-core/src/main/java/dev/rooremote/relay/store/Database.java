package dev.rooremote.relay.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's embedded H2 database, {@code <data>/relay.mv.db}, with its schema kept by Flyway
 * migrations ({@code db/migration}).
 *
 * <p>{@code AUTO_SERVER=TRUE} lets the user and token commands open the same file while a relay runs:
 * the first process opens the file and serves it to the others over a loopback socket guarded by a
 * random key (in the lock file) and the database password (a 0600 file in the data dir).
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    static {
        // H2's auto-server would otherwise listen on every interface.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    static final String FILE_NAME = "relay";
    /** The newest migration in {@code db/migration}; raise it with every new migration. */
    static final int SCHEMA_VERSION = 11;

    private static final String USER = "relay";
    private static final String PASSWORD_FILE = "db.secret";
    private static final int MAX_CONNECTIONS = 8;

    /** Work done on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataDir dataDir;
    private final JdbcConnectionPool pool;
    private final Connection anchor;

    private Database(DataDir dataDir, JdbcConnectionPool pool, Connection anchor) {
        this.dataDir = dataDir;
        this.pool = pool;
        this.anchor = anchor;
    }

    public static Database open(Path dataDir) {
        return open(DataDir.open(dataDir));
    }

    /** Opens (creating if needed) the database in {@code dataDir} and brings its schema up to date. */
    public static Database open(DataDir dataDir) {
        String url = url(dataDir.root());
        String password = new String(
                dataDir.secret(
                        PASSWORD_FILE,
                        () -> HexFormat.of().formatHex(DataDir.randomBytes(24)).getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, USER, password);
        pool.setMaxConnections(MAX_CONNECTIONS);
        Connection anchor = null;
        try {
            // Keeps the database open between operations: H2 closes it with its last connection.
            anchor = pool.getConnection();
            dataDir.makePrivate(FILE_NAME + ".");
            if (!schemaIsCurrent(anchor)) {
                Flyway.configure()
                        .dataSource(pool)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
            }
            return new Database(dataDir, pool, anchor);
        } catch (SQLException | FlywayException e) {
            closeQuietly(anchor);
            pool.dispose();
            throw new StoreException(describe(dataDir.root(), e), e);
        }
    }

    public DataDir dataDir() {
        return dataDir;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T run(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(anchor);
        pool.dispose();
        try {
            // H2 may have written its trace file meanwhile, with the default permissions.
            dataDir.makePrivate(FILE_NAME + ".");
        } catch (StoreException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    static String url(Path root) {
        String file = root.resolve(FILE_NAME).toString().replace('\\', '/');
        if (file.indexOf(';') >= 0) {
            throw new StoreException(
                    "data dir " + root + " contains ';', which the database cannot use: pick another path");
        }
        // WRITE_DELAY=0: a commit reaches the file before it returns (H2 would otherwise hold it in
        // memory for up to half a second); event appends are group-committed by JdbcEventStore.
        // H2 refuses DB_CLOSE_ON_EXIT=FALSE with AUTO_SERVER, so its own shutdown hook closes the
        // file on exit.
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    /**
     * Whether the newest migration has already run, so starting skips Flyway (loading it costs a large
     * share of the relay's start time).
     */
    private static boolean schemaIsCurrent(Connection connection) {
        try (java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(
                        "SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\" WHERE \"success\"")) {
            return rows.next() && rows.getInt(1) >= SCHEMA_VERSION;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String describe(Path root, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("Wrong user name or password")) {
            return "cannot open the database in " + root + ": its password file " + PASSWORD_FILE
                    + " does not match the database (restore the file, or move the data dir away to start afresh)";
        }
        return "cannot open the database in " + root + ": "
                + message.lines().findFirst().orElse(message);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
