package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

    @TempDir
    Path home;

    @Test
    void storesTheLoginReadableByTheOwnerOnly() throws Exception {
        AgentConfig config = AgentConfig.locate(Map.of("XDG_CONFIG_HOME", home.toString()));
        assertThat(config.file()).isEqualTo(home.resolve("roo-remote/agent.json"));
        AgentConfig.Stored stored = new AgentConfig.Stored(
                "relay", "wss://relay:8443", "AB:CD", "alice", "admin", "refresh-1", "access-1", 1_000_000L);
        config.write(stored);

        assertThat(config.read()).contains(stored);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(config.file().getParent())))
                .isEqualTo("rwx------");

        AgentConfig.Stored rotated = new AgentConfig.Stored(
                "relay", "wss://relay:8443", "AB:CD", "alice", "admin", "refresh-2", "access-2", 2_000_000L);
        config.write(rotated);
        assertThat(config.read()).contains(rotated);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.file())))
                .isEqualTo("rw-------");
    }

    @Test
    void explicitPathWinsAndMissingFileIsEmpty() throws Exception {
        Path file = home.resolve("elsewhere.json");
        AgentConfig config =
                AgentConfig.locate(Map.of(AgentConfig.ENV_CONFIG, file.toString(), "XDG_CONFIG_HOME", "/nowhere"));
        assertThat(config.file()).isEqualTo(file);
        assertThat(config.read()).isEmpty();
    }

    @Test
    void aDamagedFileIsReportedWithTheFix() throws Exception {
        Path file = home.resolve("agent.json");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> new AgentConfig(file).read())
                .hasMessageContaining(file.toString())
                .hasMessageContaining("roo-agent login");
    }

    @Test
    void aLoginStoredBeforeRelaysHadNamesIsReadAsOneRelayAndKeptWholeWhenTheListChanges() throws Exception {
        Path file = home.resolve("agent.json");
        Files.writeString(file, """
                {
                  "url" : "wss://build-1.example:8443",
                  "fingerprint" : "AB:CD",
                  "user" : "alice",
                  "role" : "admin",
                  "refreshToken" : "refresh-1",
                  "accessToken" : "access-1",
                  "accessExpiresAt" : 1000000
                }
                """);
        AgentConfig config = new AgentConfig(file);
        AgentConfig.Stored migrated = new AgentConfig.Stored(
                "build-1.example",
                "wss://build-1.example:8443",
                "AB:CD",
                "alice",
                "admin",
                "refresh-1",
                "access-1",
                1_000_000L);
        assertThat(config.read()).contains(migrated);
        assertThat(config.readAll().current()).isEqualTo("build-1.example");

        AgentConfig.Stored second =
                new AgentConfig.Stored("build-2", "wss://build-2.example:8443", "EF:01", "bob", null, "r2", null, null);
        config.write(second);

        StoredRelays relays = config.readAll();
        assertThat(relays.relays()).containsExactly(migrated, second);
        assertThat(relays.current()).as("adding a relay keeps the current one").isEqualTo("build-1.example");
        assertThat(Files.readString(file))
                .contains("\"relays\"")
                .contains("refresh-1")
                .contains("r2");
    }

    @Test
    void namesAreCheckedAndTwoRelaysOnOneHostGetTheirOwnNames() {
        StoredRelays one = StoredRelays.EMPTY.put(
                new AgentConfig.Stored("ci", "wss://ci.example:8443", null, "alice", null, null, null, null));
        assertThat(one.freeNameFor("wss://ci.example:9443")).isEqualTo("ci.example");
        StoredRelays two = one.put(
                new AgentConfig.Stored("ci.example", "wss://ci.example:9443", null, "alice", null, null, null, null));
        assertThat(two.freeNameFor("wss://ci.example:10443")).isEqualTo("ci.example-2");
        assertThatThrownBy(() -> StoredRelays.checkName("my relay"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'my relay' is not allowed");
        assertThatThrownBy(() -> two.require("nope"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no relay named 'nope'")
                .hasMessageContaining("ci, ci.example");
    }
}
