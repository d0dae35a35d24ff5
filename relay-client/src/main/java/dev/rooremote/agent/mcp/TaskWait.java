package dev.rooremote.agent.mcp;

import dev.rooremote.client.ConnectionState;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.TaskSummary;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * wait_for_task: waits for a task's outcome, for at most the given time, and reports progress
 * meanwhile (every finished message, state change and ask, and a line every few seconds when nothing
 * happens) to a caller that sent a progress token. Losing the relay ends the wait with an error; the
 * task goes on in Roo.
 */
final class TaskWait {

    private static final Duration QUIET_PROGRESS = Duration.ofSeconds(10);

    private final TaskRuns runs;
    private final Relay relay;

    TaskWait(TaskRuns runs) {
        this.runs = runs;
        this.relay = runs.relay();
    }

    CallToolResult call(McpSyncServerExchange exchange, CallToolRequest request, Arguments args)
            throws InterruptedException {
        String sessionId = args.required("session", "the session id (list_sessions)");
        String taskId = args.optional("task_id");
        long seconds =
                args.integer("timeout_seconds", 1, ToolCatalog.MAX_WAIT_SECONDS, ToolCatalog.DEFAULT_WAIT_SECONDS);
        relay.requireConnected();
        if (taskId == null) {
            taskId = currentTask(relay.session(sessionId));
        }
        TaskRun run = runs.follow(sessionId, taskId);
        Progress progress = new Progress(
                exchange, request.meta() == null ? null : request.meta().get("progressToken"));
        CompletableFuture<ConnectionState> lost = new CompletableFuture<>();
        BlockingQueue<TaskRun.Signal> signals = run.watch();
        Consumer<ConnectionState> connection = state -> {
            if (state.status() != ConnectionState.Status.CONNECTED) {
                lost.complete(state);
                signals.offer(new TaskRun.Signal.Ended());
            }
        };
        relay.client().addConnectionListener(connection);
        try {
            progress.send("waiting up to " + seconds + " s for task " + taskId + " in session " + sessionId);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!run.outcome().isDone()) {
                if (lost.isDone()) {
                    throw relay.unreachable(lost.join());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Map<String, Object> view =
                            OutcomeView.timedOut(sessionId, taskId, summary(sessionId, taskId), seconds);
                    return ToolResults.ok(view, OutcomeView.text(view));
                }
                TaskRun.Signal signal = signals.poll(Math.min(left, QUIET_PROGRESS.toNanos()), TimeUnit.NANOSECONDS);
                if (signal instanceof TaskRun.Signal.Progress p) {
                    progress.send(p.text());
                } else if (signal == null) {
                    TaskSummary task = summary(sessionId, taskId);
                    progress.send("task " + taskId + " is "
                            + (task == null ? "running" : task.state().wire()));
                }
            }
            for (TaskRun.Signal signal = signals.poll(); signal != null; signal = signals.poll()) {
                if (signal instanceof TaskRun.Signal.Progress p) {
                    progress.send(p.text());
                }
            }
            Map<String, Object> view =
                    OutcomeView.structured(sessionId, run.outcome().join());
            return ToolResults.ok(view, OutcomeView.text(view));
        } finally {
            relay.client().removeConnectionListener(connection);
            run.unwatch(signals);
        }
    }

    private static String currentTask(SessionInfo session) {
        if (session.task() == null) {
            throw new RelayErrorException(
                    ErrorCode.UNKNOWN_TASK,
                    "session '" + session.sessionId() + "' has no current task; start one with start_task",
                    null,
                    session.sessionId());
        }
        return session.task().taskId();
    }

    private TaskSummary summary(String sessionId, String taskId) {
        return relay.client()
                .watched(sessionId)
                .filter(s -> s.ready())
                .flatMap(s -> s.task(taskId))
                .orElse(null);
    }

    /** Progress notifications for one call; none when the caller sent no progress token. */
    private static final class Progress {
        private final McpSyncServerExchange exchange;
        private final Object token;
        private int count;

        Progress(McpSyncServerExchange exchange, Object token) {
            this.exchange = exchange;
            this.token = token;
        }

        void send(String message) {
            if (token == null) {
                return;
            }
            count++;
            try {
                exchange.progressNotification(ProgressNotification.builder(token, count)
                        .message(message)
                        .build());
            } catch (RuntimeException e) {
                // The caller went away; the wait ends with its timeout or the outcome.
            }
        }
    }
}
