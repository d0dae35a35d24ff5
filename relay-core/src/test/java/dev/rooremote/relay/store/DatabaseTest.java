package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path temp;

    @Test
    void createsAPrivateDataDirWithAPrivatePasswordFile() throws IOException {
        Path dataDir = temp.resolve("data");
        try (Database database = Database.open(dataDir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("db.secret"))))
                    .isEqualTo("rw-------");
            assertThat(dataDir.resolve("relay.mv.db")).exists();
            assertThat(database.dataDir().root()).isEqualTo(dataDir.toAbsolutePath());
        }
    }

    @Test
    void otherProcessesReachTheOpenDatabaseOnlyThroughLoopback() throws IOException {
        try (Database database = Database.open(temp)) {
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(temp.resolve("relay.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            try (Socket loopback = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(loopback.isConnected()).isTrue();
            }
            InetAddress external = externalAddress();
            assumeTrue(external != null, "this machine has no non-loopback address to try");
            assertThatThrownBy(() -> new Socket(external, port).close()).isInstanceOf(ConnectException.class);
        }
    }

    private static InetAddress externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void aDataDirThatIsAFileIsRefusedWithTheFix() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is a file, not a folder")
                .hasMessageContaining("--data-dir");
    }

    @Test
    void aLostPasswordFileIsExplained() throws IOException {
        try (Database ignored = Database.open(temp)) {
            // creates the database
        }
        Files.writeString(temp.resolve("db.secret"), "not-the-password");
        assertThatThrownBy(() -> Database.open(temp))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("db.secret does not match the database");
    }

    @Test
    void settingsProfilesSurviveARestartAndUpdateInPlace() {
        ObjectNode profile = RooJson.object();
        profile.put("mode", "code");
        profile.put("apiKey", "sk-secret");
        profile.putArray("allowedCommands").add("npm test").add("git status");
        try (Database database = Database.open(temp)) {
            JdbcSettingsStore settings = new JdbcSettingsStore(database);
            assertThat(settings.load("s1")).isEmpty();
            settings.save("s1", profile);
        }
        try (Database database = Database.open(temp)) {
            JdbcSettingsStore settings = new JdbcSettingsStore(database);
            assertThat(settings.load("s1")).contains(profile);
            ObjectNode changed = profile.deepCopy().put("mode", "architect");
            settings.save("s1", changed);
            assertThat(settings.load("s1")).contains(changed);
            assertThat(settings.load("s2")).isEmpty();
        }
    }

    @Test
    void aDataDirFromTheFirstSchemaIsMigratedOnOpenAndKeepsItsEvents() {
        try (Database database = Database.open(temp);
                JdbcEventStore store = new JdbcEventStore(database)) {
            store.append(new dev.rooremote.protocol.relay.ServerMessage.Event(
                    "s1",
                    1,
                    1L,
                    new dev.rooremote.protocol.relay.SessionEvent.TaskStarted("t1", "kept across the upgrade", null)));
        }
        // Make it what the first release left behind: schema 1, no store_state table, no later tables.
        try (Database database = Database.open(temp)) {
            database.run(connection -> {
                try (var statement = connection.createStatement()) {
                    statement.execute("DROP TABLE store_state");
                    statement.execute("DROP TABLE devices");
                    statement.execute("DROP TABLE pairing_codes");
                    statement.execute("DROP TABLE push_subscriptions");
                    statement.execute("DROP TABLE push_sent");
                    statement.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" <> '1'");
                }
                return null;
            });
        }

        try (Database database = Database.open(temp);
                JdbcEventStore store = new JdbcEventStore(database)) {
            assertThat(store.load("s1", 0, 10)).singleElement().satisfies(e -> assertThat(e.seq())
                    .isEqualTo(1));
            // No record of how the old release stopped: its numbers are skipped to be safe.
            assertThat(store.unstoredLastRun()).isPositive();
        }
    }

    @Test
    void theSchemaVersionNamesTheNewestMigration() throws Exception {
        Path migrations = Path.of(Database.class.getResource("/db/migration").toURI());
        int newest;
        try (var files = Files.list(migrations)) {
            newest = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max()
                    .orElseThrow();
        }
        assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
    }
}
