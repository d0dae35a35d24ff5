package dev.rooremote.console.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionStoreTest {

    @TempDir
    Path dir;

    @Test
    void keepsConnectionsAndFingerprintsAcrossRestartsInAnOwnerOnlyFile() throws Exception {
        ConnectionStore store = new ConnectionStore(dir);
        store.trust("wss://relay.example:8443/", "AA:BB");
        store.remember(new ConnectionStore.SavedConnection("wss://relay.example:8443", "alice", "refresh-1"));
        store.remember(new ConnectionStore.SavedConnection("wss://relay.example:8443", "alice", "refresh-2"));
        store.setTheme("dark");

        ConnectionStore again = new ConnectionStore(dir);
        assertThat(again.connections())
                .containsExactly(new ConnectionStore.SavedConnection("wss://relay.example:8443", "alice", "refresh-2"));
        assertThat(again.fingerprint("WSS://relay.example:8443")).contains("AA:BB");
        assertThat(again.theme()).contains("dark");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(store.file())).doesNotContainIgnoringCase("password");
    }

    @Test
    void anUnreadableFileIsKeptAsideAndExplained() throws Exception {
        Files.writeString(dir.resolve("console.json"), "{ not json");

        ConnectionStore store = new ConnectionStore(dir);

        assertThat(store.connections()).isEmpty();
        assertThat(store.loadProblem())
                .hasValueSatisfying(
                        p -> assertThat(p).contains("could not be read").contains("console.json.unreadable"));
        assertThat(Files.readString(dir.resolve("console.json.unreadable"))).isEqualTo("{ not json");
    }

    @Test
    void forgettingAFingerprintMakesTheNextConnectionAsk() {
        ConnectionStore store = new ConnectionStore(dir);
        store.trust("wss://a:1", "AA");
        store.forgetFingerprint("wss://a:1");
        assertThat(new ConnectionStore(dir).fingerprint("wss://a:1")).isEmpty();
    }
}
