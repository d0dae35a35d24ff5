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
                "wss://relay:8443", "AB:CD", "alice", "admin", "refresh-1", "access-1", 1_000_000L);
        config.write(stored);

        assertThat(config.read()).contains(stored);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(config.file().getParent())))
                .isEqualTo("rwx------");

        AgentConfig.Stored rotated = new AgentConfig.Stored(
                "wss://relay:8443", "AB:CD", "alice", "admin", "refresh-2", "access-2", 2_000_000L);
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
}
