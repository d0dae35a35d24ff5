package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = {
            "Reopen an earlier task of the session; prints its id.",
            "%nRoo then waits for a message: continue it with 'roo-agent send --session SESSION TEXT'. See 'roo-agent history' for task ids."
        })
final class ResumeCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "TASK_ID", description = "The task to reopen.")
    String taskId;

    @Override
    public Integer call() throws Exception {
        try (RelayClient client = connection.connect(agent)) {
            String id = Commands.await(client.resume(sessionId, taskId));
            agent.out().println(id);
            return ExitCodes.OK;
        }
    }
}
