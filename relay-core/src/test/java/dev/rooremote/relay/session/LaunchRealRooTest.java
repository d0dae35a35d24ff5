package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.relay.roo.LaunchEndpoint;
import dev.rooremote.testsupport.roo.RealRoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --launch} with the real Roo Code 3.52.1 extension: the relay starts it through its command
 * template (the headless launcher in place of VS Code), runs a task on it, restarts it after a crash,
 * and stops it with the relay.
 */
@Tag(RealRoo.TAG)
class LaunchRealRooTest {

    private static final Duration START = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void theRelayLaunchesRealRooRestartsItAfterACrashAndStopsItWithTheRelay() throws Exception {
        RealRoo.assumeAvailable();
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        String template = RealRoo.launchTemplate(Files.createDirectories(dir.resolve("roo-logs")));
        try (SessionKit kit = new SessionKit(
                dir.resolve("data"),
                List.of(new SessionConfig.Launch("roo", workspace, template)),
                SessionKit.fastOptions())) {
            await().atMost(START).until(() -> kit.read("roo", SessionState::connection) == ConnectionStatus.CONNECTED);
            LaunchEndpoint endpoint =
                    (LaunchEndpoint) kit.manager.session("roo").orElseThrow().endpoint();
            assertThat(Files.readString(endpoint.logFile())).contains("ready " + endpoint.socket());

            String first = kit.startTask("roo", "Say hello");
            await().atMost(START).until(() -> completed(kit, first));

            ProcessHandle crashed = endpoint.process().orElseThrow();
            crashed.descendants().forEach(ProcessHandle::destroyForcibly);
            crashed.destroyForcibly();
            await().atMost(START).until(() -> kit.events("roo", SessionEvent.Connection.class).stream()
                    .anyMatch(c -> c.status() == ConnectionStatus.DISCONNECTED
                            && c.detail() != null
                            && c.detail().contains("exited")));
            await().atMost(START)
                    .until(() -> endpoint.launches() == 2
                            && kit.read("roo", SessionState::connection) == ConnectionStatus.CONNECTED);

            String second = kit.startTask("roo", "Say hello again");
            await().atMost(START).until(() -> completed(kit, second));

            ProcessHandle running = endpoint.process().orElseThrow();
            List<ProcessHandle> tree = running.descendants().toList();
            kit.manager.close();
            assertThat(running.isAlive()).isFalse();
            assertThat(tree).noneMatch(ProcessHandle::isAlive);
        }
    }

    private static boolean completed(SessionKit kit, String taskId) {
        return kit.lastMessage(
                        "roo",
                        taskId,
                        m -> m.say() != null
                                && "completion_result".equals(m.say().value()))
                .map(ClineMessage::text)
                .filter(t -> t.contains("MOCK: done"))
                .isPresent();
    }
}
