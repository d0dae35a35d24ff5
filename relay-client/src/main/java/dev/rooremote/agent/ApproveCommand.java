package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import picocli.CommandLine.Command;

@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        description = {
            "Approve the session's pending tool or command ask: Roo writes the file or runs the command.",
            "%nOnly exactly the ask pending now is approved: if Roo moved on meanwhile, nothing is. Approving needs"
                    + " a session that can approve: a Roo whose VS Code has the roo-remote-bridge extension (the relay"
                    + " installs it in the VS Codes it launches), or a demo session. 'roo-agent sessions' shows which"
                    + " can. Stock Roo IPC can only deny (roo-agent deny)."
        })
final class ApproveCommand extends SessionCommand {

    @Override
    public Integer call() throws Exception {
        try (RelayClient client = connection.connect(agent)) {
            SessionInfo session = Commands.session(client, sessionId);
            PendingAsk ask = Commands.pendingAsk(session);
            if (!ask.isApproval()) {
                throw new RelayErrorException(
                        ErrorCode.ASK_NOT_ANSWERABLE,
                        "the pending ask is no approval (" + Commands.describeAsk(ask)
                                + "): answer it with 'roo-agent send --session " + sessionId + " TEXT'",
                        null,
                        sessionId);
            }
            if (!session.capabilities().approve()) {
                throw new RelayErrorException(
                        ErrorCode.CAPABILITY_UNAVAILABLE,
                        "session '" + sessionId + "' cannot approve (its Roo has no roo-remote-bridge extension):"
                                + " deny it with 'roo-agent deny --session " + sessionId + " FEEDBACK', or allow such"
                                + " asks ahead of time with 'roo-agent settings set'",
                        null,
                        sessionId);
            }
            Commands.await(client.approve(sessionId, ask.taskId(), ask.ts()));
            agent.err().println("Approved in task " + ask.taskId() + " (" + Commands.describeAsk(ask) + ").");
            return ExitCodes.OK;
        }
    }
}
