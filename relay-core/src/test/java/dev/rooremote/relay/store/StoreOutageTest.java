package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.relay.events.EventLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database outage longer than the relay can hold events for: the live watchers get every event, the
 * ones that could not be kept are counted and said, a watcher resuming across them gets the session's
 * state instead of a replay with a hole, and everything held is stored once the database is back.
 */
class StoreOutageTest {

    /** What the store holds for later: its queue and the batch its writer has in hand. */
    private static final int HELD = 11_000;

    @TempDir
    Path temp;

    private EmbeddedPostgres postgres;

    @AfterEach
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void eventsBeyondWhatTheRelayHoldsAreSentCountedAndNeverReplayedWithAHole() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        postgres = TestPostgres.start(temp.resolve("pgdata"), port);
        PostgresTarget target = TestPostgres.newDatabase(postgres);
        List<ServerMessage> live = new ArrayList<>();
        try (Database database = Database.open(DataDir.open(temp.resolve("data")), target, "north");
                JdbcEventStore store = new JdbcEventStore(database);
                EventLog log = new EventLog(store)) {
            log.open("demo-1", "Demo", EndpointKind.DEMO, Capabilities.stockIpc());
            log.subscribe("demo-1", 0L, live::add);
            log.append("demo-1", new SessionEvent.TaskStarted("t", "before the outage", null));
            store.flush();

            postgres.close();
            postgres = null;
            int extra = 100;
            for (int i = 0; i < HELD + extra; i++) {
                log.append("demo-1", new SessionEvent.ToolFailed("t", "write_to_file", "line " + i));
            }
            long last = 1 + HELD + extra;
            assertThat(live).last().satisfies(m -> assertThat(((ServerMessage.Event) m).seq())
                    .isEqualTo(last));
            assertThat(store.notKept()).isPositive();
            assertThat(log.notKept()).isEqualTo(store.notKept());
            assertThat(store.problem())
                    .get()
                    .asString()
                    .contains("the database at localhost:" + port)
                    .contains(store.notKept() + " events were not kept");

            postgres = TestPostgres.start(temp.resolve("pgdata"), port);
            await().atMost(Duration.ofSeconds(90)).until(() -> store.problem().isEmpty() && store.unstored() == 0);
            long kept = 1 + HELD + extra - store.notKept();
            assertThat(store.load("demo-1", 0, 2 * HELD)).hasSize((int) kept);

            // Resuming after the first event would cross what was not kept: the watcher gets the state.
            List<ServerMessage> resumed = new ArrayList<>();
            log.subscribe("demo-1", 1L, resumed::add);
            assertThat(resumed).first().isInstanceOf(ServerMessage.Snapshot.class);
            // Resuming after the newest event goes on as usual.
            List<ServerMessage> current = new ArrayList<>();
            log.subscribe("demo-1", last, current::add);
            assertThat(current).isEmpty();
        }
    }
}
