package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.testsupport.roo.RealRoo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit statuses for real: the relay launches the real Roo Code 3.52.1 with the roo-remote-bridge extension
 * it ships, runs a command that exits 0 and one that exits 3, and the exit status of each reaches a client
 * on the command's output message; a command killed by a signal as Roo reports it.
 */
@Tag(RealRoo.TAG)
class CommandExitRealRooTest {

    private static final Duration START = Duration.ofMinutes(2);
    private static final String S = "roo";

    @TempDir
    Path dir;

    @Test
    void aCommandsExitStatusReachesTheClientOnItsOutputMessage() throws Exception {
        RealRoo.assumeAvailable();
        try (SessionKit kit = SessionKit.realRooWithBridge(dir, S, START)) {
            ClineMessage ok = run(kit, "Run this command cmd=`echo exit-ok`");
            assertThat(ok.text()).contains("exit-ok");
            assertThat(ok.exitStatus()).isEqualTo(ExitStatus.exited(0));

            ClineMessage failed = run(kit, "Run this command cmd=`sh -c 'echo failing; exit 3'`");
            assertThat(failed.text()).contains("failing");
            assertThat(failed.exitStatus()).isEqualTo(ExitStatus.exited(3));

            ClineMessage killed = run(kit, "Run this command cmd=`sh -c 'kill -TERM $$'`");
            // Roo's execa terminal (no VS Code shell integration here) runs commands through a shell, which
            // reports a child killed by SIGTERM as 128 + 15; the relay passes on what Roo says, unchanged
            assertThat(killed.exitStatus()).isEqualTo(ExitStatus.exited(143));

            // what a client receives: a message event with the status, for that very message
            assertThat(kit.events(S, SessionEvent.Message.class))
                    .anyMatch(m -> m.message().ts() == failed.ts()
                            && ExitStatus.exited(3).equals(m.message().exitStatus()));
        }
    }

    /** Starts a task that runs a command, approves the command, and returns its output message with its status. */
    private static ClineMessage run(SessionKit kit, String prompt) throws Exception {
        String taskId = kit.startTask(S, prompt);
        PendingAsk ask = kit.awaitPending(S, "command");
        kit.manager
                .perform(SessionKit.ALICE, new ClientMessage.Approve(kit.nextId(), S, taskId, ask.ts()))
                .get(60, TimeUnit.SECONDS);
        await().atMost(START)
                .until(() ->
                        output(kit, taskId).filter(m -> m.exitStatus() != null).isPresent());
        return output(kit, taskId).orElseThrow();
    }

    private static Optional<ClineMessage> output(SessionKit kit, String taskId) {
        return kit.lastMessage(S, taskId, m -> SayKind.COMMAND_OUTPUT.equals(m.say()) && !m.isPartial());
    }
}
