package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema is brought up to date on open, and a database a newer release migrated is refused. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class MigrationsTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dataDir;

    private StoreKind.TestStore store;

    @BeforeEach
    void create() {
        store = kind.create(dataDir);
    }

    @Test
    void aDatabaseMigratedByANewerReleaseIsRefusedWithWhatToDo() {
        try (Database database = store.open()) {
            assertThat(database.run(Database::appliedVersion).intValue()).isEqualTo(Database.SCHEMA_VERSION);
            database.run(connection -> connection
                    .createStatement()
                    .executeUpdate("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
                            + " \"description\", \"type\", \"script\", \"installed_by\", \"execution_time\","
                            + " \"success\") VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 'x', 0,"
                            + " TRUE)"));
        }
        assertThatThrownBy(store::open)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer than this roo-relay understands (" + Database.SCHEMA_VERSION + ")")
                .hasMessageContaining("upgrade");
    }

    @ParameterizedTest(name = "schema version {0}")
    @ValueSource(ints = {1, 2, 5})
    void anEmbeddedDatabaseOfAnOlderReleaseIsMigratedOnOpenAndKeepsItsEvents(int version) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kind == StoreKind.EMBEDDED, "only embedded databases predate");
        // The database as an older release left it: its schema version, one event stored.
        Database.open(dataDir).close();
        Files.delete(dataDir.resolve("relay.mv.db"));
        String password = Files.readString(dataDir.resolve("db.secret"));
        JdbcConnectionPool pool = JdbcConnectionPool.create(Database.url(dataDir), "relay", password);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration", "classpath:db/vendor/h2")
                    .target(String.valueOf(version))
                    .load()
                    .migrate();
            try (var connection = pool.getConnection();
                    var statement = connection.createStatement()) {
                String json = RooJson.mapper()
                        .writerFor(SessionEvent.class)
                        .writeValueAsString(new SessionEvent.TaskStarted("t", "kept across the upgrade", null));
                statement.executeUpdate(
                        "INSERT INTO events (session_id, seq, event_time, json) VALUES ('demo-1', 1, 5, '" + json
                                + "')");
            }
        } finally {
            pool.dispose();
        }

        try (Database upgraded = Database.open(dataDir);
                JdbcEventStore events = new JdbcEventStore(upgraded)) {
            assertThat(upgraded.run(Database::appliedVersion).intValue()).isEqualTo(Database.SCHEMA_VERSION);
            assertThat(events.load("demo-1", 0, 10)).singleElement().satisfies(e -> assertThat(
                            ((SessionEvent.TaskStarted) e.event()).text())
                    .isEqualTo("kept across the upgrade"));
            // No record of how the old release stopped: its numbers are skipped to be safe.
            assertThat(events.unstoredLastRun()).isPositive();
        }
    }
}
