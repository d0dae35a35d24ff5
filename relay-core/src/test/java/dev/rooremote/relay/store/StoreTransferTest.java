package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.auth.Devices;
import dev.rooremote.relay.auth.Passkeys;
import dev.rooremote.relay.auth.PasswordHasher;
import dev.rooremote.relay.auth.RefreshTokens;
import dev.rooremote.relay.auth.UserStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay's history moved from the embedded database to PostgreSQL and back, verified by counts and
 * sequence numbers, and files that would not move whole refused with nothing written.
 */
class StoreTransferTest {

    @TempDir
    Path temp;

    private final List<String> progress = new ArrayList<>();

    @Test
    void historyMovesFromTheEmbeddedDatabaseToPostgresqlAndBackWhole() throws Exception {
        Path dataDir = temp.resolve("data");
        Path file = temp.resolve("relay.export");
        ObjectNode profile = RooJson.mapper().createObjectNode().put("mode", "architect");
        try (Database embedded = Database.open(dataDir)) {
            fill(embedded, profile);
            StoreTransfer.Summary exported = StoreTransfer.export(embedded, file, progress::add);
            assertThat(exported.rows())
                    .containsEntry("users", 2L)
                    .containsEntry("devices", 1L)
                    .containsEntry("passkeys", 1L)
                    .containsEntry("events", 150L);
            assertThat(exported.sessions().get("demo-1")).containsExactly(100L, 100L);
            assertThat(exported.sessions().get("demo-2")).containsExactly(50L, 50L);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        PostgresTarget postgres = TestPostgres.newDatabase();
        try (Database shared = Database.open(DataDir.open(dataDir), postgres, "build-01")) {
            StoreTransfer.Summary imported = StoreTransfer.importInto(shared, file, progress::add);
            assertThat(imported.sessions().get("demo-1")).containsExactly(100L, 100L);
            assertThat(imported.rows())
                    .containsEntry("audit", 1L)
                    .containsEntry("settings", 1L)
                    .containsEntry("devices", 1L)
                    .containsEntry("passkeys", 1L);
            assertThat(new Passkeys(shared, Clock.systemUTC()).list("bob"))
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.name()).isEqualTo("Bob's laptop");
                        assertThat(p.credentialId()).isEqualTo("Y3JlZGVudGlhbC1pZA");
                        assertThat(p.signCount()).isEqualTo(7);
                    });
            assertThat(new Devices(shared, Clock.systemUTC()).list("bob"))
                    .extracting(Devices.Device::name)
                    .containsExactly("Bob's phone");
            try (JdbcEventStore events = new JdbcEventStore(shared)) {
                assertThat(events.load("demo-1", 0, 1000)).hasSize(100).last().satisfies(e -> assertThat(
                                ((SessionEvent.TaskStarted) e.event()).text())
                        .isEqualTo("demo-1 step 100"));
                assertThat(events.unstoredLastRun())
                        .as("exported from a stopped relay")
                        .isZero();
            }
            assertThat(new JdbcSettingsStore(shared).load("demo-1")).contains(profile);
            assertThat(new UserStore(shared, new PasswordHasher(1024, 1, 1), Clock.systemUTC())
                            .authenticate("alice", "alice-password"))
                    .isPresent();
            assertThat(new AuditLog(shared, Clock.systemUTC()).recent(5))
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.action()).isEqualTo("start_task"));

            // Importing again is refused: the sessions' history is there already; nothing changes.
            assertThatThrownBy(() -> StoreTransfer.importInto(shared, file, progress::add))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("already has sessions of relay 'build-01'");
            assertThat(new AuditLog(shared, Clock.systemUTC()).recent(5)).hasSize(1);

            // And back into a new embedded database.
            Path back = temp.resolve("back.export");
            StoreTransfer.export(shared, back, progress::add);
            try (Database again = Database.open(temp.resolve("again"))) {
                StoreTransfer.Summary returned = StoreTransfer.importInto(again, back, progress::add);
                assertThat(returned.sessions().get("demo-2")).containsExactly(50L, 50L);
                assertThat(returned.rows())
                        .containsEntry("events", 150L)
                        .containsEntry("users", 2L)
                        .containsEntry("passkeys", 1L);
            }
        }
    }

    @Test
    void aCutOrDamagedFileIsRefusedAndNothingIsWritten() throws Exception {
        Path dataDir = temp.resolve("data");
        Path file = temp.resolve("relay.export");
        try (Database embedded = Database.open(dataDir)) {
            fill(embedded, RooJson.mapper().createObjectNode());
            StoreTransfer.export(embedded, file, progress::add);
        }
        List<String> lines = Files.readAllLines(file);

        Path cut = temp.resolve("cut.export");
        Files.write(cut, lines.subList(0, lines.size() - 20));
        Path lost = temp.resolve("lost.export");
        List<String> withoutOne = new ArrayList<>(lines);
        withoutOne.remove(lines.size() - 10);
        Files.write(lost, withoutOne);
        Path garbled = temp.resolve("garbled.export");
        List<String> damaged = new ArrayList<>(lines);
        damaged.set(5, "{\"table\": \"events\", \"row\": ");
        Files.write(garbled, damaged);
        Path other = temp.resolve("other.txt");
        Files.writeString(other, "{\"hello\":1}\n{}\n");

        try (Database target = Database.open(temp.resolve("target"))) {
            assertThatThrownBy(() -> StoreTransfer.importInto(target, cut, progress::add))
                    .hasMessageContaining("ends early")
                    .hasMessageContaining("Nothing was imported");
            assertThatThrownBy(() -> StoreTransfer.importInto(target, lost, progress::add))
                    .hasMessageContaining("the file says")
                    .hasMessageContaining("Nothing was imported");
            assertThatThrownBy(() -> StoreTransfer.importInto(target, garbled, progress::add))
                    .hasMessageContaining("line 6 is not JSON");
            assertThatThrownBy(() -> StoreTransfer.importInto(target, other, progress::add))
                    .hasMessageContaining("is not a roo-relay export");
            try (JdbcEventStore events = new JdbcEventStore(target)) {
                assertThat(events.lastSeq("demo-1")).isZero();
            }
            assertThat(new UserStore(target, new PasswordHasher(1024, 1, 1), Clock.systemUTC()).count())
                    .isZero();
        }
    }

    private static void fill(Database database, ObjectNode profile) {
        UserStore users = new UserStore(database, new PasswordHasher(1024, 1, 1), Clock.systemUTC());
        users.add("alice", Role.ADMIN, "alice-password");
        users.add("bob", Role.OPERATOR, "bob-password");
        RefreshTokens.Issued login = new RefreshTokens(database, Clock.systemUTC()).issue("bob");
        new Devices(database, Clock.systemUTC()).add("bob", "Bob's phone", login.family());
        new Passkeys(database, Clock.systemUTC()).add("bob", "Bob's laptop", "Y3JlZGVudGlhbC1pZA", "AAAA", 7);
        new AuditLog(database, Clock.systemUTC(), "workstation").record("bob", "start_task", "demo-1", "t", "ok", null);
        new JdbcSettingsStore(database).save("demo-1", profile);
        try (JdbcEventStore events = new JdbcEventStore(database)) {
            for (String session : List.of("demo-1", "demo-2")) {
                int count = session.equals("demo-1") ? 100 : 50;
                for (int seq = 1; seq <= count; seq++) {
                    events.append(new ServerMessage.Event(
                            session,
                            seq,
                            1000L + seq,
                            new SessionEvent.TaskStarted("t", session + " step " + seq, null)));
                }
            }
        }
    }
}
