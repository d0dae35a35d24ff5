package dev.rooremote.client;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.SayKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one task to its outcome with no person at the keyboard: watches the session, starts the
 * task, answers Roo's asks as its {@link AskPolicy} says, and ends with a {@link TaskOutcome}
 * when the task completes, fails, is aborted, or waits for input the policy does not give.
 *
 * <pre>{@code
 * TaskRunner runner = new TaskRunner(client, "api", AskPolicy.firstSuggestion(), new TaskRunner.Listener() {});
 * String taskId = runner.start("Add a health endpoint", List.of(), null).get();
 * TaskOutcome outcome = runner.outcome().get(20, TimeUnit.MINUTES);   // or runner.timeOut() on timeout
 * }</pre>
 *
 * <p>The runner watches the session through {@code client} (which must not watch it already) and
 * keeps watching after the outcome: {@link RelayClient#unsubscribe} it to run another task in the
 * same session with the same client.
 */
public final class TaskRunner {

    /**
     * What a run reports as it goes, on the client's event thread, one call at a time and never
     * after the outcome. Keep the calls short.
     */
    public interface Listener {
        /** Roo created the task; the events about it that arrived before follow. */
        default void started(String taskId) {}

        /** An event about the task, or about the whole session, already applied to {@code session}. */
        default void event(WatchedSession session, ServerMessage.Event event) {}

        /** The policy answers a followup question with {@code answer}, which goes to the relay next. */
        default void answering(PendingAsk ask, FollowupQuestion question, String answer) {}

        /** The policy approves a tool or command ask ({@code what}: the tool and path, or the command). */
        default void approving(PendingAsk ask, String what) {}

        /** The policy denies a tool or command ask with {@code feedback}. */
        default void denying(PendingAsk ask, String feedback) {}
    }

    private final RelayClient client;
    private final String sessionId;
    private final AskPolicy policy;
    private final Listener listener;
    private final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
    private final Watcher watcher = new Watcher();
    private final List<ServerMessage.Event> early = new ArrayList<>();
    private final Set<Long> answered = new HashSet<>();
    private WatchedSession session;
    private String taskId;

    public TaskRunner(RelayClient client, String sessionId, AskPolicy policy, Listener listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Watches the session, then starts the task (as {@link RelayClient#startTask}). Completes with
     * the task id once Roo created it, or fails as watching or starting failed (an unknown session,
     * a role that may not start tasks, ...); then no outcome follows.
     */
    public CompletableFuture<String> start(String text, List<String> images, String mode) {
        return client.subscribe(sessionId, watcher)
                .thenCompose(snapshot -> client.startTask(sessionId, text, images, mode))
                .thenApply(id -> {
                    started(id);
                    return id;
                });
    }

    /**
     * Watches the session and follows a task that exists already (one started earlier, whose
     * question was answered, or that was resumed) to its outcome, as {@link #start} would. Completes
     * with the task id once watching; the outcome follows from the task's state at that moment
     * (already completed, waiting on an ask, ...) and the events after it. Fails with
     * {@link dev.rooremote.protocol.relay.ErrorCode#UNKNOWN_TASK} when the session has no such task;
     * then no outcome follows.
     */
    public CompletableFuture<String> follow(String existingTaskId) {
        Objects.requireNonNull(existingTaskId, "existingTaskId");
        return client.subscribe(sessionId, watcher).thenApply(snapshot -> {
            followFromNow(existingTaskId);
            return existingTaskId;
        });
    }

    /** Completes with how the run ended; never fails. */
    public CompletableFuture<TaskOutcome> outcome() {
        return outcome;
    }

    /**
     * Stops waiting: ends the run as {@link TaskOutcome.Reason#TIMED_OUT} unless it has ended
     * already. The task goes on in Roo. Returns the run's outcome either way.
     */
    public TaskOutcome timeOut() {
        finish(TaskOutcome.Reason.TIMED_OUT, null, null);
        return outcome.join();
    }

    private synchronized void started(String id) {
        taskId = id;
        if (session == null) {
            session = client.watched(sessionId).orElse(null);
        }
        listener.started(id);
        List<ServerMessage.Event> held = new ArrayList<>(early);
        early.clear();
        for (ServerMessage.Event e : held) {
            handle(e);
        }
    }

    private synchronized void followFromNow(String id) {
        WatchedSession watched =
                session != null ? session : client.watched(sessionId).orElse(null);
        if (watched == null || !watched.ready() || watched.task(id).isEmpty()) {
            early.clear();
            throw new RelayErrorException(
                    ErrorCode.UNKNOWN_TASK, "session '" + sessionId + "' has no task " + id, null, sessionId);
        }
        started(id);
        if (outcome.isDone()) {
            return;
        }
        PendingAsk ask = watched.pendingAsk().orElse(null);
        if (ask != null && ask.taskId().equals(id)) {
            onAsk(ask);
        } else {
            watched.task(id).ifPresent(t -> onState(t.state()));
        }
    }

    /** Events that arrive before the relay acknowledged the start are held back until the task id is known. */
    private final class Watcher implements SessionListener {
        @Override
        public void onSnapshot(WatchedSession watched, long seq, SessionSnapshot snapshot) {
            synchronized (TaskRunner.this) {
                session = watched;
            }
        }

        @Override
        public void onEvent(WatchedSession watched, ServerMessage.Event event) {
            synchronized (TaskRunner.this) {
                session = watched;
                if (taskId == null) {
                    early.add(event);
                } else {
                    handle(event);
                }
            }
        }

        @Override
        public void onError(WatchedSession watched, RelayErrorException error) {
            finish(TaskOutcome.Reason.RELAY_ERROR, null, error);
        }
    }

    private void handle(ServerMessage.Event e) {
        if (outcome.isDone()) {
            return;
        }
        String about = taskOf(e.event());
        if (about != null && !about.equals(taskId)) {
            return;
        }
        listener.event(session, e);
        SessionEvent event = e.event();
        if (event instanceof SessionEvent.TaskStateChanged s) {
            onState(s.state());
        } else if (event instanceof SessionEvent.AskPending p
                && p.ask().taskId().equals(taskId)) {
            onAsk(p.ask());
        }
    }

    private void onState(TaskState state) {
        if (state == TaskState.COMPLETED) {
            finish(TaskOutcome.Reason.COMPLETED, null, null);
        } else if (state == TaskState.ABORTED) {
            finish(TaskOutcome.Reason.ABORTED, null, null);
        } else if (state == TaskState.RESUMABLE) {
            finish(TaskOutcome.Reason.INTERRUPTED, null, null);
        }
    }

    private void onAsk(PendingAsk ask) {
        if ((ask.isFollowup() || ask.isApproval()) && !answered.add(ask.ts())) {
            return;
        }
        AskPolicy.Decision decision = policy.decide(ask);
        if (decision instanceof AskPolicy.Decision.End end) {
            finish(end.reason(), ask, null);
        } else if (decision instanceof AskPolicy.Decision.Answer answer) {
            listener.answering(ask, answer.question(), answer.answer());
            failOn(ask, client.answerAsk(sessionId, taskId, ask.ts(), answer.answer()));
        } else if (decision instanceof AskPolicy.Decision.Approve approve) {
            listener.approving(ask, approve.what());
            failOn(ask, client.approve(sessionId, ask.taskId(), ask.ts()));
        } else if (decision instanceof AskPolicy.Decision.Deny deny) {
            listener.denying(ask, deny.feedback());
            failOn(ask, client.deny(sessionId, ask.taskId(), ask.ts(), deny.feedback()));
        }
    }

    /** Ends the run as {@code ANSWER_FAILED} if the relay refuses the answer to {@code ask}. */
    private void failOn(PendingAsk ask, CompletableFuture<?> answer) {
        answer.whenComplete((ok, error) -> {
            if (error != null) {
                finish(TaskOutcome.Reason.ANSWER_FAILED, ask, unwrap(error));
            }
        });
    }

    private synchronized void finish(TaskOutcome.Reason reason, PendingAsk ask, Throwable error) {
        if (outcome.isDone()) {
            return;
        }
        String result = reason == TaskOutcome.Reason.COMPLETED ? completionResult() : null;
        outcome.complete(new TaskOutcome(reason, taskId, ask, result, summary(), error));
    }

    private TaskSummary summary() {
        if (session == null || taskId == null || !session.ready()) {
            return null;
        }
        return session.task(taskId).orElse(null);
    }

    private String completionResult() {
        if (session == null || taskId == null || !session.ready()) {
            return null;
        }
        List<ClineMessage> messages = session.transcript(taskId).orElse(List.of());
        for (int i = messages.size() - 1; i >= 0; i--) {
            ClineMessage m = messages.get(i);
            if (m.isSay() && SayKind.COMPLETION_RESULT.equals(m.say()) && m.text() != null) {
                return m.text();
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The task an event is about, or null for session-wide events. */
    private static String taskOf(SessionEvent event) {
        if (event instanceof SessionEvent.TaskStarted e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.TaskStateChanged e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.Message e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.AskPending e) {
            return e.ask().taskId();
        } else if (event instanceof SessionEvent.AskResolved e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.TokenUsage e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.ModeChanged e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.QueuedMessages e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.ToolFailed e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.UserAction e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.RooEvent e) {
            return e.taskId();
        }
        return null;
    }
}
