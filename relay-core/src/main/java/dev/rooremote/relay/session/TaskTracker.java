package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.AskCategory;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a session knows of its Roo right now: the link's status, the current task, each task's
 * {@link TaskState} and the ask Roo left open. Changes to states and asks are logged as they happen.
 *
 * <p>An ask is open from its non-partial message until it is answered; it is shown as waiting for a
 * person only when Roo says so ({@link #publishPending()}) or once it has stayed open for the grace
 * period, so asks Roo approves itself never show.
 *
 * <p>Confined to the session thread.
 */
final class TaskTracker {

    private final SessionLog log;
    private final ScheduledExecutorService thread;
    private final Duration askGrace;

    private ConnectionStatus status;
    private String currentTaskId;
    private OpenAsk open;
    private final Map<String, TaskState> states = new HashMap<>();

    TaskTracker(SessionLog log, ScheduledExecutorService thread, Duration askGrace) {
        this.log = log;
        this.thread = thread;
        this.askGrace = askGrace;
    }

    /** Takes the current task and the tasks' states from what the log held when the relay started. */
    void restore(String currentTaskId, List<TaskSummary> history) {
        this.currentTaskId = currentTaskId;
        for (TaskSummary task : history) {
            states.put(task.taskId(), task.state());
        }
    }

    /** Sets the link's status and returns the one it had. */
    ConnectionStatus status(ConnectionStatus newStatus) {
        ConnectionStatus previous = status;
        status = newStatus;
        return previous;
    }

    boolean connected() {
        return status == ConnectionStatus.CONNECTED;
    }

    String currentTaskId() {
        return currentTaskId;
    }

    /** Roo created (or reopened) {@code taskId}: it is now the current task, and running. */
    void created(String taskId) {
        currentTaskId = taskId;
        states.put(taskId, TaskState.RUNNING);
    }

    TaskState state(String taskId) {
        return states.get(taskId);
    }

    void setState(String taskId, TaskState state) {
        if (states.get(taskId) != state) {
            states.put(taskId, state);
            log.append(new SessionEvent.TaskStateChanged(taskId, state));
        }
    }

    /** Marks a task that was interrupted before it settled as aborted. */
    void abortUnsettled(String taskId) {
        TaskState state = states.get(taskId);
        if (state != null && !state.isSettled()) {
            setState(taskId, TaskState.ABORTED);
        }
    }

    /** The open ask, or null. */
    OpenAsk openAsk() {
        return open;
    }

    boolean isOpen(String taskId) {
        return open != null && open.taskId.equals(taskId);
    }

    boolean isOpen(String taskId, long ts) {
        return isOpen(taskId) && open.ts == ts;
    }

    /** Whether {@code message} leaves an ask open that a person may have to answer. */
    static boolean opensAsk(ClineMessage message) {
        if (!message.isAsk() || message.isPartial() || Boolean.TRUE.equals(message.isAnswered())) {
            return false;
        }
        AskCategory category = message.askCategory();
        return category == AskCategory.INTERACTIVE || category == AskCategory.IDLE || category == AskCategory.RESUMABLE;
    }

    /** Opens the ask of {@code message}; it is shown as pending after the grace period unless it closes first. */
    void open(String taskId, ClineMessage message) {
        OpenAsk ask = new OpenAsk(taskId, message.ts(), message.ask(), message.text());
        open = ask;
        ask.grace = thread.schedule(
                () -> {
                    if (open == ask) {
                        publishPending();
                    }
                },
                askGrace.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Shows the open ask as waiting for a person, with the task's matching state. */
    void publishPending() {
        OpenAsk ask = open;
        if (ask == null || ask.published) {
            return;
        }
        ask.published = true;
        PendingAsk.Category category = category(ask.kind);
        log.append(
                new SessionEvent.AskPending(new PendingAsk(ask.taskId, ask.ts, ask.kind.value(), category, ask.text)));
        setState(ask.taskId, waitingState(ask.kind));
    }

    /** Resolves the open ask if it belongs to {@code taskId}. */
    void resolveIfOpen(String taskId, SessionEvent.Resolution how) {
        if (isOpen(taskId)) {
            resolve(how);
        }
    }

    /** The open ask is no longer open. */
    void resolve(SessionEvent.Resolution how) {
        OpenAsk ask = open;
        open = null;
        if (ask.grace != null) {
            ask.grace.cancel(false);
        }
        if (ask.published) {
            log.append(new SessionEvent.AskResolved(ask.taskId, ask.ts, how));
        }
        if (how == SessionEvent.Resolution.ANSWERED) {
            TaskState state = states.get(ask.taskId);
            if (state != TaskState.RUNNING && state != TaskState.ABORTED) {
                setState(ask.taskId, TaskState.RUNNING);
            }
        }
    }

    private static TaskState waitingState(AskKind kind) {
        if (AskKind.COMPLETION_RESULT.equals(kind) || AskKind.RESUME_COMPLETED_TASK.equals(kind)) {
            return TaskState.COMPLETED;
        }
        AskCategory category = AskCategory.of(kind);
        if (category == AskCategory.INTERACTIVE) {
            return TaskState.NEEDS_INPUT;
        }
        return category == AskCategory.RESUMABLE ? TaskState.RESUMABLE : TaskState.IDLE;
    }

    private static PendingAsk.Category category(AskKind kind) {
        return switch (AskCategory.of(kind)) {
            case INTERACTIVE -> PendingAsk.Category.INTERACTIVE;
            case IDLE -> PendingAsk.Category.IDLE;
            case RESUMABLE -> PendingAsk.Category.RESUMABLE;
            case NON_BLOCKING -> PendingAsk.Category.NON_BLOCKING;
            case UNKNOWN -> PendingAsk.Category.UNKNOWN;
        };
    }

    /** The ask Roo left open. */
    static final class OpenAsk {
        final String taskId;
        final long ts;
        final AskKind kind;
        String text;
        boolean published;
        /** A typed answer went to Roo; a second one would be queued, so it is refused. */
        boolean answerSent;

        ScheduledFuture<?> grace;

        OpenAsk(String taskId, long ts, AskKind kind, String text) {
            this.taskId = taskId;
            this.ts = ts;
            this.kind = kind;
            this.text = text;
        }
    }
}
