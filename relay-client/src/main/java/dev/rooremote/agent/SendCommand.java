package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.protocol.relay.PendingAsk;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Answer the session's pending ask with TEXT.",
            "%nTEXT answers a followup question, continues a stopped task, or resumes an interrupted one. The relay refuses it while Roo is busy, and when the pending ask is a tool or command approval."
        })
final class SendCommand extends SessionCommand {

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The message.")
    List<String> text;

    @Override
    public Integer call() throws Exception {
        String message = String.join(" ", text);
        if (message.isBlank()) {
            throw new UsageException("TEXT is empty");
        }
        try (RelayClient client = connection.connect(agent)) {
            PendingAsk ask = Commands.pendingAsk(Commands.session(client, sessionId));
            Commands.await(client.sendMessage(sessionId, ask.taskId(), ask.ts(), message, List.of()));
            agent.err().println("Sent to task " + ask.taskId() + " (" + Commands.describeAsk(ask) + ").");
            return ExitCodes.OK;
        }
    }
}
