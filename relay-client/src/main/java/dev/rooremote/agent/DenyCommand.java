package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "deny",
        mixinStandardHelpOptions = true,
        description = {
            "Deny the session's pending tool or command approval, telling Roo why (FEEDBACK).",
            "%nRoo gets the feedback and carries on another way. To let it go ahead instead: roo-agent approve (on a session that can approve), or allow such tools and commands ahead of time in the session's settings (roo-agent settings set)."
        })
final class DenyCommand extends SessionCommand {

    @Parameters(
            arity = "0..*",
            paramLabel = "FEEDBACK",
            description = "Why, for Roo (default: \"I denied this operation.\").")
    List<String> feedback = List.of();

    @Override
    public Integer call() throws Exception {
        String why = String.join(" ", feedback).strip();
        try (RelayClient client = connection.connect(agent)) {
            PendingAsk ask = Commands.pendingAsk(Commands.session(client, sessionId));
            try {
                Commands.await(client.deny(sessionId, ask.taskId(), ask.ts(), why.isEmpty() ? null : why));
            } catch (RelayErrorException e) {
                if (e.code() != ErrorCode.ASK_NOT_ANSWERABLE) {
                    throw e;
                }
                throw new RelayErrorException(
                        e.code(),
                        "the pending ask is no approval (" + Commands.describeAsk(ask)
                                + "): answer it with 'roo-agent send --session " + sessionId + " TEXT'",
                        null,
                        sessionId);
            }
            agent.err().println("Denied in task " + ask.taskId() + " (" + Commands.describeAsk(ask) + ").");
            return ExitCodes.OK;
        }
    }
}
