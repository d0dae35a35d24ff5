package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.roo.RooJson;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Say in words how one session is: Roo's connection, what it can do, its task, what Roo waits for, and"
                    + " the roo-agent command that gives it."
        })
final class StatusCommand extends SessionCommand {

    @Option(names = "--json", description = "Print the session as the relay lists it (JSON).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (RelayClient client = connection.connect(agent)) {
            SessionInfo session = Commands.session(client, sessionId);
            if (json) {
                agent.out().println(RooJson.write(session));
                return ExitCodes.OK;
            }
            print(agent.out(), session);
            return ExitCodes.OK;
        }
    }

    private static void print(PrintStream out, SessionInfo s) {
        boolean approves = s.capabilities().approve();
        out.println("Session:      " + s.sessionId());
        out.println("Roo:          " + s.connection().wire());
        out.println("Can:          " + (approves ? "approve, deny" : "deny (approvals need Roo's bridge)"));
        out.println("Task:         "
                + (s.task() == null
                        ? "none"
                        : s.task().taskId() + ", " + s.task().state().words()));
        PendingAsk ask = s.pendingAsk();
        if (ask == null) {
            return;
        }
        out.println("Waiting for:  " + Commands.describeAsk(ask));
        out.println("Do it with:   " + next(s.sessionId(), ask, approves));
    }

    /** The roo-agent command that gives Roo what {@code ask} waits for. */
    static String next(String session, PendingAsk ask, boolean approves) {
        String s = " --session " + session;
        if (ask.isFollowup()) {
            return "roo-agent send" + s + " 'ANSWER'";
        }
        if ("tool".equals(ask.ask()) || "command".equals(ask.ask()) || "use_mcp_server".equals(ask.ask())) {
            return (approves ? "roo-agent approve" + s + ", or " : "") + "roo-agent deny" + s + " 'FEEDBACK'";
        }
        if (ask.category() == PendingAsk.Category.RESUMABLE) {
            return "roo-agent send" + s + " 'MESSAGE' (resumes the task)";
        }
        return "roo-agent send" + s + " 'MESSAGE' (continues the task), or roo-agent run" + s + " 'PROMPT'";
    }
}
