package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Answer the session's pending ask with TEXT.",
            "%nTEXT answers a followup question, continues a stopped task, or resumes an interrupted one. The relay refuses it while Roo is busy, and when the pending ask is a tool or command approval."
        })
final class SendCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--session", required = true, paramLabel = "SESSION", description = "The session.")
    String sessionId;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The message.")
    List<String> text;

    @Override
    public Integer call() throws Exception {
        String message = String.join(" ", text);
        if (message.isBlank()) {
            throw new UsageException("TEXT is empty");
        }
        try (RelayClient client = connection.connect(agent)) {
            SessionInfo session = Commands.session(client, sessionId);
            PendingAsk ask = session.pendingAsk();
            if (ask == null) {
                String state = session.task() == null
                        ? "has no task"
                        : "task " + session.task().taskId() + " is "
                                + session.task().state().wire();
                throw new RelayErrorException(
                        ErrorCode.NO_PENDING_ASK,
                        "session '" + sessionId + "' has no pending ask (" + state + "); nothing to answer",
                        null,
                        sessionId);
            }
            Commands.await(client.sendMessage(sessionId, ask.taskId(), ask.ts(), message, List.of()));
            agent.err().println("Sent to task " + ask.taskId() + " (" + Commands.describeAsk(ask) + ").");
            return ExitCodes.OK;
        }
    }
}
