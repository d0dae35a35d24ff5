package dev.rooremote.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.client.ConnectionState;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.client.SessionListener;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.ToolAsk;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Follow a session's events until interrupted.",
            "%nReconnects and resumes by itself, so no event is lost or repeated. Human output shows finished messages and state changes; --json shows every event."
        })
final class WatchCommand extends SessionCommand {

    @Option(
            names = "--from-seq",
            paramLabel = "N",
            description = "Start with the events after number N (0: all of the session's events) instead of a"
                    + " snapshot of the present.")
    Long fromSeq;

    @Option(names = "--json", description = "One JSON object per line (NDJSON; fields in AGENT.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (fromSeq != null && fromSeq < 0) {
            throw new UsageException("--from-seq must be 0 or more");
        }
        RelayClient client = connection.connect(agent);
        CompletableFuture<Integer> ended = new CompletableFuture<>();
        client.addConnectionListener(state -> {
            if (state.status() == ConnectionState.Status.FAILED) {
                agent.err().println("roo-agent: " + state.reason());
                ended.complete(ExitCodes.of(state.failure() == null ? new RuntimeException() : state.failure()));
            } else if (state.status() == ConnectionState.Status.RECONNECTING && !json) {
                agent.err().println("Relay connection lost: " + state.describe());
            }
        });
        SessionListener listener = new SessionListener() {
            @Override
            public void onSnapshot(WatchedSession session, long seq, SessionSnapshot snapshot) {
                if (json) {
                    ObjectNode line = EventJson.own("snapshot", sessionId);
                    line.put("seq", seq);
                    line.set("snapshot", RooJson.toTree(snapshot));
                    print(line);
                } else {
                    agent.out()
                            .println("#" + seq + " snapshot: "
                                    + (snapshot.info().task() == null
                                            ? "no task"
                                            : "task " + snapshot.info().task().taskId() + " "
                                                    + snapshot.info()
                                                            .task()
                                                            .state()
                                                            .words())
                                    + (snapshot.info().pendingAsk() == null
                                            ? ""
                                            : ", waiting for: "
                                                    + Commands.describeAsk(
                                                            snapshot.info().pendingAsk())));
                }
            }

            @Override
            public void onEvent(WatchedSession session, ServerMessage.Event event) {
                if (json) {
                    print(EventJson.event(event, session));
                    return;
                }
                String text = describe(session, event.event());
                if (text != null) {
                    agent.out().println("#" + event.seq() + " " + Instant.ofEpochMilli(event.time()) + " " + text);
                }
            }

            @Override
            public void onError(WatchedSession session, RelayErrorException error) {
                agent.err().println("roo-agent: " + ExitCodes.message(error));
                ended.complete(ExitCodes.of(error));
            }
        };
        try {
            if (fromSeq == null) {
                Commands.await(client.subscribe(sessionId, listener));
            } else {
                Commands.await(client.watchFrom(sessionId, fromSeq, listener));
            }
            return ended.get();
        } finally {
            client.close();
        }
    }

    private void print(ObjectNode line) {
        agent.out().println(EventJson.write(line));
        agent.out().flush();
    }

    private static String describe(WatchedSession session, SessionEvent event) {
        if (event instanceof SessionEvent.Message m) {
            if (m.message().isPartial()) {
                return null;
            }
            return summarize(session, m);
        }
        if (event instanceof SessionEvent.TaskStarted e) {
            return "task " + e.taskId() + " started" + (e.text() == null ? "" : ": " + oneLine(e.text()));
        }
        if (event instanceof SessionEvent.TaskStateChanged e) {
            return "task " + e.taskId() + " is " + e.state().words();
        }
        if (event instanceof SessionEvent.AskPending e) {
            return "waiting for: " + Commands.describeAsk(e.ask());
        }
        if (event instanceof SessionEvent.AskResolved e) {
            return "ask " + e.ts() + " " + e.resolution().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (event instanceof SessionEvent.Connection e) {
            return "Roo " + e.status().wire() + (e.detail() == null ? "" : " (" + e.detail() + ")");
        }
        if (event instanceof SessionEvent.UserAction e) {
            return e.by() + ": " + e.action() + (e.taskId() == null ? "" : " " + e.taskId())
                    + (e.detail() == null ? "" : " (" + oneLine(e.detail()) + ")");
        }
        if (event instanceof SessionEvent.TokenUsage e) {
            return String.format(
                    java.util.Locale.ROOT,
                    "tokens: %d in, %d out, $%.4f",
                    e.tokens().in(),
                    e.tokens().out(),
                    e.tokens().cost());
        }
        if (event instanceof SessionEvent.ModeChanged e) {
            return "mode: " + e.mode();
        }
        if (event instanceof SessionEvent.ToolFailed e) {
            return "tool failed: " + e.tool() + (e.error() == null ? "" : ": " + oneLine(e.error()));
        }
        if (event instanceof SessionEvent.SettingsChanged e) {
            return "settings changed" + (e.by() == null ? "" : " by " + e.by());
        }
        if (event instanceof SessionEvent.EventsSkipped) {
            return "the relay restarted after an abrupt stop: what Roo did in its last moments before may be missing";
        }
        return null;
    }

    /** One line for the finished message of {@code event}, or null (see {@link #summarize(ClineMessage)}). */
    static String summarize(WatchedSession session, SessionEvent.Message event) {
        if (!event.created() && event.text() == null && event.message().exitStatus() != null) {
            // the relay added how the command ended (its bridge reported it); the output was printed before
            return "command ended: " + event.message().exitStatus().describe();
        }
        return session.read(s -> s.message(event.taskId(), event.message().ts()))
                .map(full -> {
                    boolean first = session.transcript(event.taskId())
                            .filter(messages -> !messages.isEmpty())
                            .map(messages -> messages.get(0).ts() == full.ts())
                            .orElse(false);
                    if (MessageKind.of(full, first) == MessageKind.PROMPT) {
                        String text = full.text() == null ? "" : full.text();
                        return text.isBlank() ? null : "You: " + oneLine(text);
                    }
                    return summarize(full);
                })
                .orElse(null);
    }

    /** One line for a finished message, or null for messages not worth a line (checkpoints, empty asks). */
    static String summarize(ClineMessage m) {
        String text = m.text() == null ? "" : m.text();
        if (m.isAsk()) {
            String kind = m.ask() == null ? "?" : m.ask().value();
            if (kind.equals("followup")) {
                FollowupQuestion q = FollowupQuestion.parse(text).orElse(new FollowupQuestion(text, List.of()));
                return "Roo asks: " + oneLine(q.question());
            }
            if (kind.equals("tool")) {
                return ToolAsk.parse(text)
                        .map(t -> "tool: " + t.toolOpt().orElse("?")
                                + t.pathOpt().map(p -> " " + p).orElse("")
                                + (Boolean.TRUE.equals(m.isAnswered()) ? " (approved)" : ""))
                        .orElse(null);
            }
            if (kind.equals("command")) {
                return "command: " + oneLine(text);
            }
            return text.isBlank() ? null : kind + ": " + oneLine(text);
        }
        String say = m.say() == null ? "?" : m.say().value();
        switch (say) {
            case "text":
                return text.isBlank() ? null : "Roo: " + oneLine(text);
            case "completion_result":
                return "result: " + oneLine(text);
            case "user_feedback":
                return "You: " + oneLine(text);
            case "command_output":
                return "output"
                        + (m.exitStatus() == null ? "" : " (" + m.exitStatus().describe() + ")") + ": " + oneLine(text);
            case "error":
                return "error: " + oneLine(text);
            case "api_req_started":
            case "checkpoint_saved":
            case "reasoning":
                return null;
            default:
                return text.isBlank() ? null : say + ": " + oneLine(text);
        }
    }

    static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }
}
