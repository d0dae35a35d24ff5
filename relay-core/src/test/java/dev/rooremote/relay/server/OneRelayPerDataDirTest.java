package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.relay.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second relay on a data dir that one already serves is refused with a message that says which
 * process holds it and what to do, and leaves the first relay's data as it was; once the first stops,
 * the data dir is free again.
 */
class OneRelayPerDataDirTest {

    @TempDir
    Path dataDir;

    @Test
    void aSecondRelayOnTheSameDataDirIsRefusedClearly() throws Exception {
        RelayRuntime first = TestRelays.start(RelayRuntime.Options.of(dataDir, "127.0.0.1", 0));
        try {
            long events = first.eventLog().read("demo-1", SessionState::seq);
            assertThatThrownBy(() -> TestRelays.start(RelayRuntime.Options.of(dataDir, "127.0.0.1", 0)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(
                            "another relay (process " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("--data-dir");
            long after = first.eventLog().read("demo-1", SessionState::seq);
            assertThat(after).isEqualTo(events);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("serve.lock"))))
                    .isEqualTo("rw-------");
        } finally {
            TestRelays.close(List.of(), first);
        }
        RelayRuntime second = TestRelays.start(RelayRuntime.Options.of(dataDir, "127.0.0.1", 0));
        TestRelays.close(List.of(), second);
    }
}
