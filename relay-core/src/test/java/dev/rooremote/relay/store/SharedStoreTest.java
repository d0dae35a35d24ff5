package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.auth.PasswordHasher;
import dev.rooremote.relay.auth.UserStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relays on one PostgreSQL database: accounts are common, each relay's sessions (events, settings)
 * are its own even where their names are the same, the audit says which relay did what, and a second
 * relay under a name already serving is refused.
 */
class SharedStoreTest {

    @TempDir
    Path temp;

    @Test
    void accountsAreSharedAndEachRelaysSessionsAreItsOwn() {
        PostgresTarget shared = TestPostgres.newDatabase();
        try (Database north = Database.open(DataDir.open(temp.resolve("north")), shared, "north");
                Database south = Database.open(DataDir.open(temp.resolve("south")), shared, "south")) {
            new UserStore(north, new PasswordHasher(1024, 1, 1), Clock.systemUTC())
                    .add("alice", Role.OPERATOR, "alice-password");
            assertThat(new UserStore(south, new PasswordHasher(1024, 1, 1), Clock.systemUTC())
                            .authenticate("alice", "alice-password"))
                    .isPresent();

            try (JdbcEventStore northEvents = new JdbcEventStore(north);
                    JdbcEventStore southEvents = new JdbcEventStore(south)) {
                for (long seq = 1; seq <= 3; seq++) {
                    northEvents.append(event("demo-1", seq, "north " + seq));
                }
                southEvents.append(event("demo-1", 1, "south 1"));
                assertThat(northEvents.load("demo-1", 0, 10))
                        .extracting(e -> ((SessionEvent.TaskStarted) e.event()).text())
                        .containsExactly("north 1", "north 2", "north 3");
                assertThat(southEvents.load("demo-1", 0, 10))
                        .extracting(e -> ((SessionEvent.TaskStarted) e.event()).text())
                        .containsExactly("south 1");
                assertThat(southEvents.lastSeq("demo-1")).isEqualTo(1);
            }

            JdbcSettingsStore northSettings = new JdbcSettingsStore(north);
            ObjectNode profile = RooJson.mapper().createObjectNode().put("mode", "architect");
            northSettings.save("demo-1", profile);
            assertThat(northSettings.load("demo-1")).contains(profile);
            assertThat(new JdbcSettingsStore(south).load("demo-1")).isEmpty();

            new AuditLog(north, Clock.systemUTC(), "north").record("alice", "cancel", "demo-1", null, "ok", null);
            new AuditLog(south, Clock.systemUTC(), "south").record("alice", "start_task", "demo-1", null, "ok", null);
            List<AuditLog.Entry> trail = new AuditLog(south, Clock.systemUTC()).recent(10);
            assertThat(trail)
                    .extracting(AuditLog.Entry::action, AuditLog.Entry::relay)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("start_task", "south"),
                            org.assertj.core.groups.Tuple.tuple("cancel", "north"));
        }
    }

    @Test
    void aSecondRelayUnderANameAlreadyServingIsRefused() {
        PostgresTarget shared = TestPostgres.newDatabase();
        try (Database first = Database.open(DataDir.open(temp.resolve("a")), shared, "build-01")) {
            first.claimRelayName();
            try (Database second = Database.open(DataDir.open(temp.resolve("b")), shared, "build-01")) {
                assertThatThrownBy(second::claimRelayName)
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("another relay named 'build-01'")
                        .hasMessageContaining("--relay-name");
            }
        }
        // Once the first has stopped, the name is free again.
        try (Database again = Database.open(DataDir.open(temp.resolve("b")), shared, "build-01")) {
            again.claimRelayName();
        }
    }

    private static ServerMessage.Event event(String session, long seq, String text) {
        return new ServerMessage.Event(session, seq, 1000L + seq, new SessionEvent.TaskStarted("t", text, null));
    }
}
