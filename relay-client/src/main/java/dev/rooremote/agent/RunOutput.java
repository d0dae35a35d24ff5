package dev.rooremote.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.client.TaskOutcome;
import dev.rooremote.client.TaskRunner;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.RooJson;

/**
 * What {@code run} writes: with {@code --json} one NDJSON line per event and for the start, each
 * answer and the outcome (fields in AGENT.md); otherwise progress on standard error and Roo's
 * completion result on standard output.
 */
final class RunOutput implements TaskRunner.Listener {

    private final RooAgent agent;
    private final String sessionId;
    private final boolean json;

    RunOutput(RooAgent agent, String sessionId, boolean json) {
        this.agent = agent;
        this.sessionId = sessionId;
        this.json = json;
    }

    /** The task id of a run that does not wait. */
    void taskId(String taskId) {
        if (json) {
            emit(runStarted(taskId));
        } else {
            agent.out().println(taskId);
        }
    }

    @Override
    public void started(String taskId) {
        if (json) {
            emit(runStarted(taskId));
        } else {
            agent.err().println("Task " + taskId + " started in " + sessionId + ".");
        }
    }

    @Override
    public void event(WatchedSession session, ServerMessage.Event event) {
        if (json) {
            emit(EventJson.event(event, session));
        } else {
            progress(session, event.event());
        }
    }

    @Override
    public void approving(PendingAsk ask, String what) {
        decided("approved", ask, what);
    }

    @Override
    public void denying(PendingAsk ask, String feedback) {
        decided("denied", ask, Commands.describeAsk(ask) + " (\"" + feedback + "\")");
    }

    private void decided(String verb, PendingAsk ask, String what) {
        if (json) {
            ObjectNode line = EventJson.own("ask_" + verb, sessionId);
            line.put("taskId", ask.taskId());
            line.put("askTs", ask.ts());
            line.put("ask", ask.ask());
            line.put("what", what);
            emit(line);
        } else {
            agent.err().println("By --on-ask, " + verb + ": " + what + ".");
        }
    }

    @Override
    public void answering(PendingAsk ask, FollowupQuestion question, String answer) {
        if (json) {
            ObjectNode line = EventJson.own("answer_sent", sessionId);
            line.put("taskId", ask.taskId());
            line.put("askTs", ask.ts());
            line.put("question", question.question());
            line.put("answer", answer);
            emit(line);
        } else {
            agent.err().println("Answering \"" + question.question() + "\" with \"" + answer + "\".");
        }
    }

    /** The last line: the outcome, its exit code, and the message that explains it (null when done). */
    void outcome(TaskOutcome outcome, int exitCode, String message) {
        String result = exitCode == ExitCodes.OK ? outcome.result() : null;
        if (json) {
            ObjectNode line = EventJson.own("outcome", sessionId);
            line.put("taskId", outcome.taskId());
            line.put("state", outcome.state().wire());
            line.put("exitCode", exitCode);
            if (result != null) {
                line.put("result", result);
            }
            if (message != null) {
                line.put("message", message);
            }
            outcome.taskOpt().ifPresent(task -> line.set("tokens", RooJson.toTree(task.tokens())));
            emit(line);
        } else {
            if (result != null) {
                agent.out().println(result);
            } else if (exitCode == ExitCodes.OK) {
                agent.err().println("Task " + outcome.taskId() + " completed.");
            }
            if (message != null) {
                agent.err().println("roo-agent: " + message);
            }
        }
        agent.out().flush();
    }

    private ObjectNode runStarted(String taskId) {
        ObjectNode line = EventJson.own("run_started", sessionId);
        line.put("taskId", taskId);
        return line;
    }

    private void progress(WatchedSession session, SessionEvent event) {
        if (event instanceof SessionEvent.Message m && !m.message().isPartial() && session != null) {
            String line = WatchCommand.summarize(session, m);
            if (line != null) {
                agent.err().println(line);
            }
        } else if (event instanceof SessionEvent.AskPending p) {
            agent.err().println("Waiting for: " + Commands.describeAsk(p.ask()));
        } else if (event instanceof SessionEvent.Connection c) {
            agent.err()
                    .println("Roo connection: " + c.status().wire()
                            + (c.detail() == null ? "" : " (" + c.detail() + ")"));
        }
    }

    private void emit(ObjectNode line) {
        agent.out().println(EventJson.write(line));
        agent.out().flush();
    }
}
