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
                .containsExactly(new ConnectionStore.SavedConnection(
                        "relay.example", "wss://relay.example:8443", "alice", "refresh-2"));
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

    @Test
    void connectionsSavedBeforeRelaysHadNamesAreNamedAfterTheirHostWithNothingLost() throws Exception {
        Files.writeString(dir.resolve("console.json"), """
                {
                  "connections" : [
                    { "url" : "wss://ci.example:8443", "user" : "alice", "refreshToken" : "r-1" },
                    { "url" : "wss://ci.example:9443", "user" : "bob", "refreshToken" : "r-2" }
                  ],
                  "fingerprints" : { "wss://ci.example:8443" : "AA:BB" },
                  "theme" : "dark"
                }
                """);

        ConnectionStore store = new ConnectionStore(dir);

        assertThat(store.connections())
                .containsExactly(
                        new ConnectionStore.SavedConnection("ci.example", "wss://ci.example:8443", "alice", "r-1"),
                        new ConnectionStore.SavedConnection("ci.example-2", "wss://ci.example:9443", "bob", "r-2"));
        assertThat(store.fingerprint("wss://ci.example:8443")).contains("AA:BB");
        assertThat(store.theme()).contains("dark");

        store.remember(new ConnectionStore.SavedConnection("wss://ci.example:9443", "bob", "r-3"));
        ConnectionStore again = new ConnectionStore(dir);
        assertThat(again.named("CI.EXAMPLE-2"))
                .as("a new refresh token keeps the relay's name and place")
                .contains(new ConnectionStore.SavedConnection("ci.example-2", "wss://ci.example:9443", "bob", "r-3"));
        assertThat(again.forgetRelay("ci.example")).isTrue();
        assertThat(new ConnectionStore(dir).connections())
                .extracting(ConnectionStore.SavedConnection::name)
                .containsExactly("ci.example-2");
        assertThat(ConnectionStore.checkName("build-2")).isEmpty();
        assertThat(ConnectionStore.checkName(" ")).isPresent();
    }
}
