package dev.rooremote.agent.mcp;

import dev.rooremote.client.AskPolicy;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.TaskOutcome;
import dev.rooremote.client.TaskRunner;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.FollowupQuestion;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One task followed to its outcome by a {@link TaskRunner}, with the wait_for_task calls that wait on
 * it: each waiter gets the run's progress lines and a signal when the outcome is there.
 */
final class TaskRun implements TaskRunner.Listener {

    /** What a waiter hears: a progress line, or that the run ended. */
    sealed interface Signal {
        record Progress(String text) implements Signal {}

        record Ended() implements Signal {}
    }

    private final String sessionId;
    private final TaskRunner runner;
    private final TaskChanges changes;
    private final List<BlockingQueue<Signal>> waiters = new CopyOnWriteArrayList<>();
    private volatile String taskId;

    TaskRun(RelayClient client, String sessionId, AskPolicy policy, TaskChanges changes) {
        this.sessionId = sessionId;
        this.changes = changes;
        this.runner = new TaskRunner(client, sessionId, policy, this);
        runner.outcome().whenComplete((outcome, error) -> waiters.forEach(w -> w.offer(new Signal.Ended())));
    }

    /** Starts the task; completes with its id. */
    CompletableFuture<String> start(String prompt, List<String> images, String mode) {
        return runner.start(prompt, images, mode);
    }

    /** Follows a task that exists; completes with its id. */
    CompletableFuture<String> follow(String existingTaskId) {
        taskId = existingTaskId;
        return runner.follow(existingTaskId);
    }

    String sessionId() {
        return sessionId;
    }

    String taskId() {
        return taskId;
    }

    CompletableFuture<TaskOutcome> outcome() {
        return runner.outcome();
    }

    /** Ends the run (the task goes on in Roo): its waiters return with a timeout. */
    void end() {
        runner.timeOut();
    }

    /** A queue that gets this run's progress and its end, until {@link #unwatch}. */
    BlockingQueue<Signal> watch() {
        BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
        waiters.add(queue);
        if (runner.outcome().isDone()) {
            queue.offer(new Signal.Ended());
        }
        return queue;
    }

    void unwatch(BlockingQueue<Signal> queue) {
        waiters.remove(queue);
    }

    @Override
    public void started(String id) {
        taskId = id;
    }

    @Override
    public void event(WatchedSession session, ServerMessage.Event event) {
        String text = ProgressText.of(session, event.event());
        if (text != null) {
            signal(text);
        }
        if (event.event() instanceof SessionEvent.Message m) {
            changes.transcriptChanged(sessionId, m.taskId());
        }
    }

    @Override
    public void answering(PendingAsk ask, FollowupQuestion question, String answer) {
        signal("answering Roo's question '" + question.question() + "' with: " + answer);
    }

    private void signal(String text) {
        waiters.forEach(w -> w.offer(new Signal.Progress(text)));
    }
}
