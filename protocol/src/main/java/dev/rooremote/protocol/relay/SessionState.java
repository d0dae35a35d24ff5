package dev.rooremote.protocol.relay;

import dev.rooremote.protocol.roo.ClineMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A session's state as the fold of its events. The relay keeps one per session to answer
 * snapshots, history and transcripts; clients keep one per watched session, starting from a
 * snapshot, so both sides rebuild the same messages from the same deltas.
 *
 * <p>Not thread-safe: each owner applies events from one thread or under one lock.
 */
public final class SessionState {

    private final String sessionId;
    private String name;
    private EndpointKind endpoint;
    private Capabilities capabilities;
    private ConnectionStatus connection = ConnectionStatus.CONNECTING;
    private long seq;
    private String mode;
    private List<SessionEvent.Mode> modes = List.of();
    private List<SessionEvent.QueuedMessage> queued = List.of();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private String currentTaskId;
    private PendingAsk pendingAsk;

    public SessionState(String sessionId, String name, EndpointKind endpoint, Capabilities capabilities) {
        this.sessionId = Ids.requireId(sessionId, "sessionId");
        this.name = name == null ? sessionId : name;
        this.endpoint = endpoint == null ? EndpointKind.UNKNOWN : endpoint;
        this.capabilities = capabilities == null ? Capabilities.stockIpc() : capabilities;
    }

    /** A state that starts where {@code snapshot} (taken at {@code seq}) left off. */
    public static SessionState fromSnapshot(long seq, SessionSnapshot snapshot) {
        SessionInfo info = snapshot.info();
        SessionState state = new SessionState(info.sessionId(), info.name(), info.endpoint(), info.capabilities());
        state.connection = info.connection();
        state.seq = seq;
        state.mode = snapshot.mode();
        state.modes = snapshot.modes();
        state.queued = snapshot.queued();
        List<TaskSummary> oldestFirst = new ArrayList<>(snapshot.history());
        Collections.reverse(oldestFirst);
        for (TaskSummary summary : oldestFirst) {
            state.tasks.put(summary.taskId(), new Task(summary));
        }
        if (info.task() != null) {
            Task current = state.tasks.computeIfAbsent(info.task().taskId(), id -> new Task(info.task()));
            current.summary = info.task();
            for (ClineMessage message : snapshot.messages()) {
                current.messages.put(message.ts(), message);
            }
            state.currentTaskId = current.summary.taskId();
        }
        state.pendingAsk = info.pendingAsk();
        return state;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The sequence number of the last event applied (0 before the first). */
    public long seq() {
        return seq;
    }

    public ConnectionStatus connection() {
        return connection;
    }

    public Optional<String> currentTaskId() {
        return Optional.ofNullable(currentTaskId);
    }

    public Optional<PendingAsk> pendingAsk() {
        return Optional.ofNullable(pendingAsk);
    }

    public Optional<String> mode() {
        return Optional.ofNullable(mode);
    }

    /** The modes Roo offers, as last listed. */
    public List<SessionEvent.Mode> modes() {
        return modes;
    }

    /** The messages queued in Roo for the current task. */
    public List<SessionEvent.QueuedMessage> queued() {
        return queued;
    }

    /** Renames the session or changes its capabilities (configuration, not events). */
    public void describe(String name, EndpointKind endpoint, Capabilities capabilities) {
        this.name = name == null ? this.name : name;
        this.endpoint = endpoint == null ? this.endpoint : endpoint;
        this.capabilities = capabilities == null ? this.capabilities : capabilities;
    }

    /**
     * Applies the event numbered {@code seq}. Events at or below the current number are ignored
     * (a duplicate after a resume) and false is returned.
     */
    public boolean apply(long seq, long time, SessionEvent event) {
        if (seq <= this.seq) {
            return false;
        }
        this.seq = seq;
        if (event instanceof SessionEvent.Connection e) {
            connection = e.status();
        } else if (event instanceof SessionEvent.TaskStarted e) {
            taskStarted(e, time);
        } else if (event instanceof SessionEvent.TaskStateChanged e) {
            task(e.taskId(), time)
                    .update(s -> new TaskSummary(
                            s.taskId(), s.text(), e.state(), s.startedAt(), time, s.tokens(), s.parentTaskId()));
        } else if (event instanceof SessionEvent.Message e) {
            message(e, time);
        } else if (event instanceof SessionEvent.AskPending e) {
            pendingAsk = e.ask();
        } else if (event instanceof SessionEvent.AskResolved e) {
            if (pendingAsk != null && pendingAsk.taskId().equals(e.taskId()) && pendingAsk.ts() == e.ts()) {
                pendingAsk = null;
            }
        } else if (event instanceof SessionEvent.TokenUsage e) {
            task(e.taskId(), time)
                    .update(s -> new TaskSummary(
                            s.taskId(), s.text(), s.state(), s.startedAt(), time, e.tokens(), s.parentTaskId()));
        } else if (event instanceof SessionEvent.ModeChanged e) {
            mode = e.mode();
        } else if (event instanceof SessionEvent.ModesListed e) {
            modes = e.modes();
        } else if (event instanceof SessionEvent.CapabilitiesChanged e) {
            capabilities = e.capabilities();
        } else if (event instanceof SessionEvent.QueuedMessages e) {
            if (e.taskId().equals(currentTaskId)) {
                queued = e.messages();
            }
        }
        // tool_failed, settings_changed, user_action, roo_event and unknown kinds change no state.
        return true;
    }

    private void taskStarted(SessionEvent.TaskStarted e, long time) {
        Task task = tasks.remove(e.taskId());
        if (task == null) {
            task = new Task(new TaskSummary(
                    e.taskId(), e.text(), TaskState.RUNNING, time, time, Tokens.ZERO, e.parentTaskId()));
        } else {
            task.update(s -> new TaskSummary(
                    s.taskId(),
                    s.text() != null ? s.text() : e.text(),
                    TaskState.RUNNING,
                    s.startedAt(),
                    time,
                    s.tokens(),
                    s.parentTaskId() != null ? s.parentTaskId() : e.parentTaskId()));
        }
        tasks.put(e.taskId(), task);
        if (!e.taskId().equals(currentTaskId)) {
            queued = List.of();
        }
        currentTaskId = e.taskId();
        if (pendingAsk != null && pendingAsk.taskId().equals(e.taskId())) {
            pendingAsk = null;
        }
    }

    private void message(SessionEvent.Message e, long time) {
        Task task = task(e.taskId(), time);
        ClineMessage previous = task.messages.get(e.message().ts());
        String text = TextDelta.apply(previous == null ? null : previous.text(), e.text());
        String reasoning = TextDelta.apply(previous == null ? null : previous.reasoning(), e.reasoning());
        task.messages.put(e.message().ts(), withTexts(e.message(), text, reasoning));
        if (task.summary.text() == null && task.messages.size() == 1 && text != null) {
            task.update(s ->
                    new TaskSummary(s.taskId(), text, s.state(), s.startedAt(), time, s.tokens(), s.parentTaskId()));
        }
    }

    /** The session as a session list shows it. */
    public SessionInfo info() {
        Task current = currentTaskId == null ? null : tasks.get(currentTaskId);
        return new SessionInfo(
                sessionId,
                name,
                endpoint,
                connection,
                capabilities,
                current == null ? null : current.summary,
                pendingAsk);
    }

    /** Everything a late joiner needs, as of {@link #seq()}. */
    public SessionSnapshot snapshot() {
        Task current = currentTaskId == null ? null : tasks.get(currentTaskId);
        return new SessionSnapshot(
                info(),
                mode,
                modes,
                current == null ? List.of() : List.copyOf(current.messages.values()),
                queued,
                history());
    }

    /** Every task, newest first. */
    public List<TaskSummary> history() {
        List<TaskSummary> list = new ArrayList<>(tasks.size());
        tasks.values().forEach(task -> list.add(task.summary));
        Collections.reverse(list);
        return list;
    }

    public Optional<TaskSummary> task(String taskId) {
        Task task = tasks.get(taskId);
        return task == null ? Optional.empty() : Optional.of(task.summary);
    }

    /** A task's messages in order, or empty when the task is unknown. */
    public Optional<List<ClineMessage>> transcript(String taskId) {
        Task task = tasks.get(taskId);
        return task == null ? Optional.empty() : Optional.of(List.copyOf(task.messages.values()));
    }

    /** The message with {@code ts} in a task, as last rebuilt. */
    public Optional<ClineMessage> message(String taskId, long ts) {
        Task task = tasks.get(taskId);
        return task == null ? Optional.empty() : Optional.ofNullable(task.messages.get(ts));
    }

    /**
     * The event that turns this state's copy of {@code next}'s message into {@code next}: only the
     * appended part of its text and reasoning travels when they extend what was there.
     */
    public SessionEvent.Message messageEvent(String taskId, ClineMessage next) {
        ClineMessage previous = message(taskId, next.ts()).orElse(null);
        TextDelta text = previous == null
                ? (next.text() == null ? null : TextDelta.replace(next.text()))
                : TextDelta.between(previous.text(), next.text());
        TextDelta reasoning = previous == null
                ? (next.reasoning() == null ? null : TextDelta.replace(next.reasoning()))
                : TextDelta.between(previous.reasoning(), next.reasoning());
        return new SessionEvent.Message(taskId, previous == null, withTexts(next, null, null), text, reasoning);
    }

    /** {@code message} with its text and reasoning set (null removes them). */
    static ClineMessage withTexts(ClineMessage message, String text, String reasoning) {
        if (Objects.equals(message.text(), text) && Objects.equals(message.reasoning(), reasoning)) {
            return message;
        }
        return message.withTexts(text, reasoning);
    }

    private Task task(String taskId, long time) {
        return tasks.computeIfAbsent(taskId, id -> {
            Task task = new Task(new TaskSummary(id, null, TaskState.RUNNING, time, time, Tokens.ZERO, null));
            if (currentTaskId == null) {
                currentTaskId = id;
            }
            return task;
        });
    }

    private static final class Task {
        TaskSummary summary;
        final Map<Long, ClineMessage> messages = new LinkedHashMap<>();

        Task(TaskSummary summary) {
            this.summary = summary;
        }

        void update(java.util.function.UnaryOperator<TaskSummary> change) {
            summary = change.apply(summary);
        }
    }
}
