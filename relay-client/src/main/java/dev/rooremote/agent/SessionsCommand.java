package dev.rooremote.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.roo.RooJson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
                    + " and completed. 'roo-agent status --session S' says what to do about one session.",
            "%nWith more than one stored relay (see 'roo-agent relays') and none chosen by --relay, --url, --token or"
                    + " the environment, the sessions of every stored relay are listed, with the relay's name in the"
                    + " first column (--json: a \"relay\" field). A relay that cannot be reached is named on standard"
                    + " error with the reason, and the others are still listed: the exit code is 0 when at least one"
                    + " relay answered, else that of the first relay's failure."
        })
final class SessionsCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print a JSON array of sessions (fields as in the relay protocol).")
    boolean json;

    /** One relay's answer: its sessions, or why it gave none. */
    private record Listed(String relay, List<SessionInfo> sessions, Throwable failure) {}

    @Override
    public Integer call() throws Exception {
        List<String> fleet = connection.fleet(agent);
        if (fleet.isEmpty()) {
            return one();
        }
        List<Listed> answers = listAll(fleet);
        List<Listed> answered = new ArrayList<>();
        for (Listed listed : answers) {
            if (listed.failure() == null) {
                answered.add(listed);
            } else {
                agent.err()
                        .println("roo-agent: relay " + listed.relay() + " was not listed: "
                                + ExitCodes.message(listed.failure()));
            }
        }
        if (answered.isEmpty()) {
            return ExitCodes.of(answers.get(0).failure());
        }
        if (json) {
            ArrayNode array = RooJson.mapper().createArrayNode();
            for (Listed listed : answered) {
                for (SessionInfo s : listed.sessions()) {
                    ObjectNode row = array.addObject();
                    row.put("relay", listed.relay());
                    row.setAll((ObjectNode) RooJson.mapper().valueToTree(s));
                }
            }
            agent.out().println(RooJson.write(array));
            return ExitCodes.OK;
        }
        if (answered.stream().allMatch(l -> l.sessions().isEmpty())) {
            agent.err().println("The relays have no sessions you may see.");
            return ExitCodes.OK;
        }
        Table table = new Table("RELAY", "SESSION", "CONNECTION", "CAN", "TASK", "STATE", "WAITING FOR");
        for (Listed listed : answered) {
            for (SessionInfo s : listed.sessions()) {
                table.row(prepend(listed.relay(), cells(s)));
            }
        }
        table.print(agent.out());
        return ExitCodes.OK;
    }

    /** The relay the options choose, exactly as with a single relay (one HTTPS request for the list). */
    private int one() throws Exception {
        List<SessionInfo> sessions = connection.sessions(agent);
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
            table.row(cells(s));
        }
        table.print(agent.out());
        return ExitCodes.OK;
    }

    /** Asks every relay at once, so one that does not answer delays the others by nothing. */
    private List<Listed> listAll(List<String> relays) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(relays.size(), 8), r -> {
            Thread t = new Thread(r, "roo-agent-sessions");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Listed>> pending = new ArrayList<>();
            for (String relay : relays) {
                pending.add(CompletableFuture.supplyAsync(() -> list(relay), pool));
            }
            List<Listed> answers = new ArrayList<>();
            for (CompletableFuture<Listed> future : pending) {
                answers.add(future.join());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private Listed list(String relay) {
        try {
            return new Listed(relay, connection.sessions(agent, relay), null);
        } catch (Exception e) {
            return new Listed(relay, List.of(), e);
        }
    }

    private static String[] cells(SessionInfo s) {
        String can = (s.capabilities().approve() ? "approve, deny" : "deny")
                + (s.capabilities().readSettings() ? ", read settings" : "");
        return new String[] {
            s.sessionId(),
            s.connection().wire(),
            can,
            s.task() == null ? "-" : s.task().taskId(),
            s.task() == null ? "-" : s.task().state().words(),
            s.pendingAsk() == null ? "-" : Commands.describeAsk(s.pendingAsk())
        };
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
