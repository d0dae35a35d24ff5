package dev.rooremote.relay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's database with its schema kept by Flyway migrations: {@code db/migration} for SQL both
 * databases take, {@code db/vendor/h2} and {@code db/vendor/postgresql} where they differ.
 *
 * <p>By default the embedded H2 database {@code <data>/relay.mv.db}. {@code AUTO_SERVER=TRUE} lets the
 * user and token commands open the same file while a relay runs: the first process opens the file and
 * serves it to the others over a loopback socket guarded by a random key (in the lock file) and the
 * database password (a 0600 file in the data dir).
 *
 * <p>Or a PostgreSQL server ({@link PostgresTarget}) that several relays share, through a HikariCP pool.
 * Users, tokens and the audit trail are then common to them all; what belongs to one relay (its
 * sessions' events and settings) is kept under its name ({@link #relayKey}).
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
    /** The newest migration in {@code db/migration} and {@code db/vendor}; raise it with every new migration. */
    public static final int SCHEMA_VERSION = 6;
    /** The name a relay's rows carry in its own embedded database. */
    public static final String LOCAL = "local";

    private static final String USER = "relay";
    private static final String PASSWORD_FILE = "db.secret";
    private static final int MAX_CONNECTIONS = 8;

    /** Which SQL the database speaks where the two differ. */
    public enum Dialect {
        H2("h2"),
        POSTGRESQL("postgresql");

        private final String folder;

        Dialect(String folder) {
            this.folder = folder;
        }

        /**
         * An insert that replaces the row with the same key: {@code columns} are inserted, the first
         * {@code keys} of them are the key.
         */
        public String upsert(String table, int keys, String... columns) {
            String names = String.join(", ", columns);
            String marks = String.join(", ", java.util.Collections.nCopies(columns.length, "?"));
            String key = String.join(", ", java.util.Arrays.copyOf(columns, keys));
            if (this == H2) {
                return "MERGE INTO " + table + " (" + names + ") KEY (" + key + ") VALUES (" + marks + ")";
            }
            StringBuilder updates = new StringBuilder();
            for (int i = keys; i < columns.length; i++) {
                updates.append(i == keys ? "" : ", ")
                        .append(columns[i])
                        .append(" = EXCLUDED.")
                        .append(columns[i]);
            }
            return "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ") ON CONFLICT (" + key
                    + ") DO UPDATE SET " + updates;
        }
    }

    /** Work done on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataDir dataDir;
    private final DataSource pool;
    private final Dialect dialect;
    private final String location;
    private final String relayKey;
    private final int migratedFrom;
    private Connection anchor;

    private Database(
            DataDir dataDir,
            DataSource pool,
            Connection anchor,
            Dialect dialect,
            String location,
            String relayKey,
            int migratedFrom) {
        this.migratedFrom = migratedFrom;
        this.dataDir = dataDir;
        this.pool = pool;
        this.anchor = anchor;
        this.dialect = dialect;
        this.location = location;
        this.relayKey = relayKey;
    }

    public static Database open(Path dataDir) {
        return open(DataDir.open(dataDir));
    }

    /** Opens (creating if needed) the embedded database in {@code dataDir} and brings its schema up to date. */
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
            int from = migrate(pool, anchor, Dialect.H2, "the database in " + dataDir.root());
            return new Database(
                    dataDir, pool, anchor, Dialect.H2, dataDir.root().toString(), LOCAL, from);
        } catch (SQLException | FlywayException e) {
            closeQuietly(anchor);
            pool.dispose();
            throw new StoreException(describe(dataDir.root(), e), e);
        } catch (StoreException e) {
            closeQuietly(anchor);
            pool.dispose();
            throw e;
        }
    }

    /**
     * Opens the PostgreSQL database {@code target} and brings its schema up to date; this relay's rows
     * are kept under {@code relayName}.
     */
    public static Database open(DataDir dataDir, PostgresTarget target, String relayName) {
        RelayName.check(relayName);
        HikariConfig config = new HikariConfig();
        config.setPoolName("relay-db");
        config.setJdbcUrl(target.jdbcUrl());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(1);
        // A lost database shows within seconds rather than after the default 30.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "roo-relay " + relayName);
        HikariDataSource pool = new HikariDataSource(config);
        String where = "the database at " + target.location();
        try (Connection first = pool.getConnection()) {
            int from = migrate(pool, first, Dialect.POSTGRESQL, where);
            return new Database(dataDir, pool, null, Dialect.POSTGRESQL, target.location(), relayName, from);
        } catch (SQLException | FlywayException e) {
            pool.close();
            throw new StoreException(PostgresProblems.describe(target, e), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Brings the schema up to date; refuses a database a newer release has migrated further than this
     * one understands (its code would misread the tables). Returns the version it found.
     */
    private static int migrate(DataSource pool, Connection connection, Dialect dialect, String where)
            throws SQLException {
        int applied = appliedVersion(connection);
        if (applied > SCHEMA_VERSION) {
            throw new StoreException(where + " has schema version " + applied + ", newer than this roo-relay"
                    + " understands (" + SCHEMA_VERSION + "): a newer roo-relay migrated it. Run that release"
                    + " (upgrade this one), or restore a backup taken before the upgrade");
        }
        if (applied < SCHEMA_VERSION) {
            // Loading Flyway costs a large share of the relay's start time: only when there is work for it.
            flyway(pool, dialect).migrate();
        }
        return applied;
    }

    static Flyway flyway(DataSource pool, Dialect dialect) {
        return Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration", "classpath:db/vendor/" + dialect.folder)
                .load();
    }

    /** The schema version the newest successful migration left, 0 for an empty database. */
    static int appliedVersion(Connection connection) {
        try (java.sql.Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\" WHERE \"success\"")) {
            return rows.next() ? rows.getInt(1) : 0;
        } catch (SQLException e) {
            // No history table yet: a new database.
            return 0;
        }
    }

    /**
     * Claims this relay's name in a shared database for as long as the database stays open: a second
     * relay that starts under the same name is refused instead of mixing its sessions with this one's.
     * Nothing to claim in the embedded database (the data dir's lock already keeps a second relay out).
     */
    public void claimRelayName() {
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        Connection connection = null;
        try {
            connection = pool.getConnection();
            try (PreparedStatement lock =
                    connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext('roo-relay:' || ?))")) {
                lock.setString(1, relayKey);
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next() || !rows.getBoolean(1)) {
                        throw new StoreException("another relay named '" + relayKey + "' is serving on the database"
                                + " at " + location + ": give this one its own name with --relay-name");
                    }
                }
            }
            anchor = connection;
            connection = null;
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot claim the relay name '" + relayKey + "' in the database at " + location + ": "
                            + e.getMessage(),
                    e);
        } finally {
            closeQuietly(connection);
        }
    }

    public DataDir dataDir() {
        return dataDir;
    }

    /** The schema version the database had before this open brought it up to date (0: it was new). */
    public int migratedFrom() {
        return migratedFrom;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Where the database is, for messages: the data dir, or a PostgreSQL server's host, port and database. */
    public String location() {
        return location;
    }

    /**
     * The name this relay's own rows (its sessions' events and settings) carry: {@link #LOCAL} in the
     * embedded database, the relay's name in a shared one.
     */
    public String relayKey() {
        return relayKey;
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
        if (pool instanceof HikariDataSource hikari) {
            hikari.close();
            return;
        }
        ((JdbcConnectionPool) pool).dispose();
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
