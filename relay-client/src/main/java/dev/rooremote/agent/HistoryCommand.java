package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.RooJson;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true, description = "List the session's tasks, newest first.")
final class HistoryCommand extends SessionCommand {

    @Option(names = "--json", description = "Print a JSON array of tasks (fields as in the relay protocol).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (RelayClient client = connection.connect(agent)) {
            List<TaskSummary> tasks = Commands.await(client.history(sessionId));
            if (json) {
                agent.out().println(RooJson.write(tasks));
                return ExitCodes.OK;
            }
            Table table = new Table("TASK", "STATE", "STARTED", "TOKENS IN/OUT", "COST", "PROMPT");
            for (TaskSummary t : tasks) {
                table.row(
                        t.taskId(),
                        t.state().words(),
                        Instant.ofEpochMilli(t.startedAt()).toString(),
                        t.tokens().in() + "/" + t.tokens().out(),
                        String.format(Locale.ROOT, "$%.4f", t.tokens().cost()),
                        t.text());
            }
            table.print(agent.out());
            return ExitCodes.OK;
        }
    }
}
