package dev.rooremote.relay.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Shows the audit log, newest first: sign-ins and refused ones, lockouts, refused connections,"
                + " every request that changed a session or was refused, and account and token changes."
                + " Works whether or not the relay is running.",
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class AuditCommand extends DataDirCommand {

    private static final int MAX_LIMIT = 10_000;

    @Option(names = "--since", paramLabel = "AGE", description = "Only entries this recent, e.g. 30m, 12h or 7d.")
    String since;

    @Option(names = "--actor", paramLabel = "NAME", description = "Only this user, agent token or cli:USER.")
    String actor;

    @Option(
            names = "--action",
            paramLabel = "ACTION",
            description = "Only this action, e.g. login, refresh, connect, start_task, update_settings.")
    String action;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
    String session;

    @Option(
            names = "--outcome",
            paramLabel = "OUTCOME",
            description = "Only this outcome: ok, or an error code such as unauthorized, forbidden, rate_limited.")
    String outcome;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "At most this many entries (default 50, at most 10000).")
    int limit;

    @Option(names = "--json", description = "One JSON array, for scripts.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new UsageException("--limit " + limit + " is out of range: use 1 to " + MAX_LIMIT);
        }
        Instant from = since == null ? null : Instant.now().minus(TokenCommand.parseTtl(since));
        List<AuditLog.Entry> entries;
        try (Database database = data.open(false)) {
            entries = new AuditLog(database, Clock.systemUTC())
                    .query(new AuditLog.Query(from, actor, action, session, outcome, limit));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode array = RooJson.mapper().createArrayNode();
            for (AuditLog.Entry entry : entries) {
                ObjectNode row = array.addObject();
                row.put("at", entry.at().toString());
                row.put("actor", entry.actor());
                row.put("action", entry.action());
                row.put("sessionId", entry.sessionId());
                row.put("taskId", entry.taskId());
                row.put("outcome", entry.outcome());
                row.put("detail", entry.detail());
                row.put("relay", entry.relay());
            }
            out.println(array.toString());
            return 0;
        }
        if (entries.isEmpty()) {
            out.println("no audit entries match");
            return 0;
        }
        // A database several relays share says which relay did what.
        boolean fleet = entries.stream().anyMatch(entry -> entry.relay() != null);
        String format = fleet ? "%-24s %-12s %-20s %-22s %-10s %-14s %s%n" : "%-24s %s%-20s %-22s %-10s %-14s %s%n";
        out.printf(format, "AT", fleet ? "RELAY" : "", "ACTOR", "ACTION", "SESSION", "OUTCOME", "DETAIL");
        for (AuditLog.Entry entry : entries) {
            // Names and details may come from anyone who tried to sign in: shown escaped, on one line.
            out.printf(
                    format,
                    entry.at(),
                    fleet ? LogText.of(entry.relay() == null ? "(cli)" : entry.relay()) : "",
                    LogText.of(entry.actor()),
                    LogText.of(entry.action()),
                    LogText.of(entry.sessionId()),
                    LogText.of(entry.outcome()),
                    entry.detail() == null ? "" : LogText.quoted(entry.detail()));
        }
        return 0;
    }
}
