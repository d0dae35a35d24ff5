package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    void theSchemaVersionNamesTheNewestMigrationAndBothDatabasesHaveEveryVersion() throws Exception {
        java.util.Set<Integer> common = versions("/db/migration");
        java.util.Set<Integer> h2 = versions("/db/vendor/h2");
        java.util.Set<Integer> postgresql = versions("/db/vendor/postgresql");
        assertThat(h2).as("versions with SQL for each database").isEqualTo(postgresql);
        assertThat(java.util.Collections.disjoint(common, h2)).isTrue();
        java.util.Set<Integer> all = new java.util.TreeSet<>(common);
        all.addAll(h2);
        assertThat(all).as("no version missing").hasSize(Database.SCHEMA_VERSION);
        assertThat(java.util.Collections.max(all)).isEqualTo(Database.SCHEMA_VERSION);
    }

    private static java.util.Set<Integer> versions(String folder) throws Exception {
        try (var files = Files.list(Path.of(Database.class.getResource(folder).toURI()))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
