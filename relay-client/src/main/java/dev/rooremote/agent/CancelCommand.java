package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancel the session's current task.",
            "%nRoo keeps it as a resumable task: continue it with 'roo-agent send' or 'roo-agent resume'."
        })
final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--session", required = true, paramLabel = "SESSION", description = "The session.")
    String sessionId;

    @Option(
            names = "--task",
            paramLabel = "ID",
            description = "Cancel only if this is still the current task (so a newer task is never cancelled).")
    String taskId;

    @Override
    public Integer call() throws Exception {
        try (RelayClient client = connection.connect(agent)) {
            Commands.await(client.cancel(sessionId, taskId));
            agent.err().println("Cancelled the current task of " + sessionId + ".");
            return ExitCodes.OK;
        }
    }
}
