package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancel the session's current task.",
            "%nRoo keeps it as a resumable task: continue it with 'roo-agent send' or 'roo-agent resume'."
        })
final class CancelCommand extends SessionCommand {

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
