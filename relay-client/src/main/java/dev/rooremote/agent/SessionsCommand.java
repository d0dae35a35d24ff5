package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.roo.RooJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = {
            "List the sessions: their connection, what they can do, current task, its state and what Roo waits for,"
                    + " in words.",
            "%n--json has the protocol's fields; its task states are running, needs-input, idle, resumable, aborted"
                    + " and completed. 'roo-agent status --session S' says what to do about one session."
        })
final class SessionsCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print a JSON array of sessions (fields as in the relay protocol).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (RelayClient client = connection.connect(agent)) {
            List<SessionInfo> sessions = Commands.await(client.sessions());
            if (json) {
                agent.out().println(RooJson.write(sessions));
                return ExitCodes.OK;
            }
            if (sessions.isEmpty()) {
                agent.err().println("The relay has no sessions you may see.");
                return ExitCodes.OK;
            }
            Table table = new Table("SESSION", "CONNECTION", "CAN", "TASK", "STATE", "WAITING FOR");
            for (SessionInfo s : sessions) {
                String can = (s.capabilities().approve() ? "approve, deny" : "deny")
                        + (s.capabilities().readSettings() ? ", read settings" : "");
                table.row(
                        s.sessionId(),
                        s.connection().wire(),
                        can,
                        s.task() == null ? "-" : s.task().taskId(),
                        s.task() == null ? "-" : s.task().state().words(),
                        s.pendingAsk() == null ? "-" : Commands.describeAsk(s.pendingAsk()));
            }
            table.print(agent.out());
            return ExitCodes.OK;
        }
    }
}
