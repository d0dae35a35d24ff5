package dev.rooremote.relay.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the store tests: the binaries come in a Maven artifact and run as a
 * child process. One server serves the whole test run; each test takes a database of its own.
 */
public final class TestPostgres {

    /** The password every test database is opened with (the server trusts local connections). */
    public static final String PASSWORD = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private TestPostgres() {}

    /** The run's server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (shared == null) {
            shared = start(null, 0);
            EmbeddedPostgres server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // exiting anyway
                }
            }));
        }
        return shared;
    }

    /**
     * A server of the test's own on {@code dataDir} (kept between starts) and {@code port} (0: any), for
     * tests that stop and start the database itself.
     */
    public static EmbeddedPostgres start(Path dataDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
        }
    }

    /** A new, empty database on the shared server. */
    public static PostgresTarget newDatabase() {
        return newDatabase(server());
    }

    /** A new, empty database on {@code server}. */
    public static PostgresTarget newDatabase(EmbeddedPostgres server) {
        String name = "relay_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return target(server.getPort(), name);
    }

    /** The database {@code name} on the local server listening on {@code port}. */
    public static PostgresTarget target(int port, String name) {
        return PostgresTarget.parse(
                "postgresql://localhost:" + port + "/" + name,
                null,
                Map.of(PostgresTarget.USER_VARIABLE, "postgres", PostgresTarget.PASSWORD_VARIABLE, PASSWORD));
    }
}
