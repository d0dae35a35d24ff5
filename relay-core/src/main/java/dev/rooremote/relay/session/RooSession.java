package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.AskCategory;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.protocol.roo.TokenUsage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.roo.RooEndpoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session: turns what its Roo endpoint reports into {@link SessionEvent}s in the {@link EventLog},
 * derives each task's {@link TaskState} and the ask that waits for a person, and carries out the
 * requests clients send.
 *
 * <p>How state is derived, following the real extension's traffic: a task is done at its final ask
 * {@code completion_result}; an ask is open from its non-partial message until it is answered (an update
 * with {@code isAnswered}, {@code taskAskResponded}, or a newer message of the task); it is shown as
 * waiting for a person only when Roo says so ({@code taskInteractive}, {@code taskIdle},
 * {@code taskResumable}) or once it has stayed open for the grace period, so asks Roo approves itself
 * never show. Roo leaves a message it was streaming unfinished when a task is cancelled or Roo goes
 * away; the relay closes it.
 *
 * <p>Safety: a typed message reaches Roo only while the task waits on an ask that a typed message
 * answers, and only for the ask the client names. A message sent to a busy Roo is queued and later
 * drains as the approval of the next tool ask (Zoo-Code#998), so everything else is refused without
 * sending anything.
 *
 * <p>All work happens on one thread per session, so events and requests never race. Roo's events wait
 * in a bounded queue; a full queue holds back the socket reader.
 */
public final class RooSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RooSession.class);
    private static final int MAX_QUEUED_EVENTS = 10_000;
    private static final int DETAIL_CHARS = 200;

    private final String sessionId;
    private final EventLog log;
    private final RooEndpoint endpoint;
    private final SettingsProfile profile;
    private final SessionOptions options;
    private final ScheduledExecutorService thread;
    private final Semaphore queued = new Semaphore(MAX_QUEUED_EVENTS);

    // Confined to the session thread.
    private ConnectionStatus status;
    private String currentTaskId;
    private OpenAsk open;
    /** A streaming update held back for the stream interval: the next update of the message supersedes it. */
    private TaskEvent.MessageEvent heldUpdate;
    /** Whether a task to log {@link #heldUpdate} is queued or scheduled on the session thread. */
    private boolean releaseQueued;
    // The message whose streaming update was logged last, and when (System.nanoTime()).
    private String streamedTaskId;
    private long streamedTs;
    private long streamedAt;

    private final Map<String, TaskState> states = new HashMap<>();
    private final Deque<Waiter> startWaiters = new ArrayDeque<>();
    private final Map<String, List<Waiter>> resumeWaiters = new HashMap<>();
    private volatile boolean closed;

    public RooSession(
            String sessionId, EventLog log, RooEndpoint endpoint, SettingsProfile profile, SessionOptions options) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.log = Objects.requireNonNull(log, "log");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.options = Objects.requireNonNull(options, "options");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session " + sessionId);
            t.setDaemon(true);
            return t;
        });
    }

    public String sessionId() {
        return sessionId;
    }

    public RooEndpoint endpoint() {
        return endpoint;
    }

    public SettingsProfile profile() {
        return profile;
    }

    /** Picks up the state the log holds from earlier runs, then starts the endpoint. */
    public void start() {
        CompletableFuture<Void> restored = new CompletableFuture<>();
        thread.execute(() -> {
            PendingAsk stale = log.read(sessionId, state -> {
                currentTaskId = state.currentTaskId().orElse(null);
                for (TaskSummary task : state.history()) {
                    states.put(task.taskId(), task.state());
                }
                return state.pendingAsk().orElse(null);
            });
            try {
                settleAfterRestart(stale);
            } finally {
                restored.complete(null);
            }
        });
        restored.join();
        endpoint.start(new RooEndpoint.Listener() {
            @Override
            public void onStatus(ConnectionStatus newStatus, String detail) {
                post(() -> onConnection(newStatus, detail));
            }

            @Override
            public void onEvent(TaskEvent event) {
                post(() -> {
                    try {
                        onRooEvent(event);
                    } catch (IllegalArgumentException e) {
                        // A shape the relay's events refuse (e.g. an overlong id): keep it as Roo sent it.
                        LOG.warn(
                                "session '{}': kept an unusual {} event as is: {}",
                                sessionId,
                                event.eventName(),
                                e.getMessage());
                        append(new SessionEvent.RooEvent(event.eventName(), null, event.payload()));
                    }
                });
            }

            @Override
            public void onFrameError(String reason, String rawPrefix) {
                LOG.warn("session '{}': ignored a frame from Roo: {} ({})", sessionId, reason, rawPrefix);
            }
        });
    }

    /**
     * On start the session's link is shown as not yet connected. What the log says was going on when
     * the relay last stopped cannot be trusted now: an ask that
     * waited then may have been answered since (and a message for it would be queued by a busy Roo), so
     * it is withdrawn until Roo asks again. A demo or launched Roo stopped with the relay, so its task
     * was interrupted like a cancelled one.
     */
    private void settleAfterRestart(PendingAsk stale) {
        // The log may still say "connected" from the last run.
        append(new SessionEvent.Connection(
                endpoint.kind() == EndpointKind.LAUNCH ? ConnectionStatus.LAUNCHING : ConnectionStatus.CONNECTING,
                "relay started"));
        if (stale != null) {
            append(new SessionEvent.AskResolved(stale.taskId(), stale.ts(), SessionEvent.Resolution.CANCELLED));
        }
        if (currentTaskId == null || endpoint.kind() == EndpointKind.ATTACH) {
            return;
        }
        closeStreamingMessages(currentTaskId);
        TaskState state = states.get(currentTaskId);
        if (state != null && !state.isSettled()) {
            setState(currentTaskId, TaskState.ABORTED);
        }
    }

    /** Carries out a client request; completes with the ack's result or a {@link RelayException}. */
    public CompletableFuture<AckResult> execute(Caller caller, ClientMessage.SessionRequest request) {
        CompletableFuture<AckResult> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    handle(caller, request, result);
                } catch (RelayException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    LOG.error(
                            "session '{}': request {} failed",
                            sessionId,
                            request.getClass().getSimpleName(),
                            e);
                    result.completeExceptionally(new RelayException(
                            ErrorCode.INTERNAL_ERROR, "the relay failed to carry out the request: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(
                    new RelayException(ErrorCode.SESSION_UNAVAILABLE, "session '" + sessionId + "' is shutting down"));
        }
        return result;
    }

    @Override
    public void close() {
        closed = true;
        endpoint.close();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                releaseHeldUpdate();
                failWaiters(new RelayException(ErrorCode.SESSION_UNAVAILABLE, "the relay is shutting down"));
                drained.complete(null);
            });
            drained.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("session '{}': closing", sessionId, e);
        }
        thread.shutdownNow();
    }

    /** Hands work from an endpoint thread to the session thread, holding the caller back when too much waits. */
    private void post(Runnable work) {
        if (closed) {
            return;
        }
        try {
            queued.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("session '{}': failed to handle Roo's event", sessionId, e);
                } finally {
                    queued.release();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.release();
        }
    }

    // ================================================================== Roo -> events

    private void onConnection(ConnectionStatus newStatus, String detail) {
        releaseHeldUpdate();
        ConnectionStatus previous = status;
        status = newStatus;
        append(new SessionEvent.Connection(newStatus, detail));
        if (newStatus == ConnectionStatus.CONNECTED) {
            try {
                endpoint.send(new TaskCommand.GetModes());
            } catch (RelayException e) {
                LOG.debug("session '{}': could not ask Roo for its modes", sessionId, e);
            }
        } else if (previous == ConnectionStatus.CONNECTED) {
            lostRoo();
        }
    }

    /** Roo went away: whatever it was doing is interrupted. */
    private void lostRoo() {
        failWaiters(new RelayException(
                ErrorCode.SESSION_UNAVAILABLE, "session '" + sessionId + "' lost its connection to Roo"));
        if (currentTaskId == null) {
            return;
        }
        String taskId = currentTaskId;
        closeStreamingMessages(taskId);
        if (open != null) {
            resolve(ResolveAs.CANCELLED);
        }
        TaskState state = states.get(taskId);
        if (state != null && !state.isSettled()) {
            setState(taskId, TaskState.ABORTED);
        }
    }

    private void onRooEvent(TaskEvent event) {
        if (event instanceof TaskEvent.MessageEvent m
                && !m.isCreated()
                && m.message().isPartial()) {
            holdUpdate(m);
            return;
        }
        if (event instanceof TaskEvent.MessageEvent m
                && isHeld(m.taskId(), m.message().ts())) {
            heldUpdate = null; // Roo resends the whole message: the newer event supersedes the held update
        }
        releaseHeldUpdate();
        if (event instanceof TaskEvent.MessageEvent m) {
            logMessage(m);
        } else if (event instanceof TaskEvent.TaskLifecycleEvent e) {
            onLifecycle(e);
        } else if (event instanceof TaskEvent.TokenUsageUpdated e) {
            append(new SessionEvent.TokenUsage(e.taskId(), tokens(e.tokenUsage())));
        } else if (event instanceof TaskEvent.TaskAskResponded e) {
            if (open != null && open.taskId.equals(e.taskId())) {
                resolve(ResolveAs.ANSWERED);
            }
        } else if (event instanceof TaskEvent.TaskCompleted e) {
            if (open != null && open.taskId.equals(e.taskId())) {
                resolve(ResolveAs.ANSWERED);
            }
            closeStreamingMessages(e.taskId());
            setState(e.taskId(), TaskState.COMPLETED);
        } else if (event instanceof TaskEvent.ModesResponse e) {
            List<SessionEvent.Mode> modes = new ArrayList<>();
            e.modes().forEach(m -> modes.add(new SessionEvent.Mode(m.slug(), m.name())));
            append(new SessionEvent.ModesListed(modes));
        } else if (event instanceof TaskEvent.ModeChanged e) {
            append(new SessionEvent.ModeChanged(null, e.mode()));
        } else if (event instanceof TaskEvent.TaskModeSwitched e) {
            append(new SessionEvent.ModeChanged(e.taskId(), e.mode()));
        } else if (event instanceof TaskEvent.QueuedMessagesUpdated e) {
            List<SessionEvent.QueuedMessage> messages = new ArrayList<>();
            e.messages().forEach(q -> messages.add(new SessionEvent.QueuedMessage(q.id(), q.text(), q.timestamp())));
            append(new SessionEvent.QueuedMessages(e.taskId(), messages));
        } else if (event instanceof TaskEvent.TaskToolFailed e) {
            append(new SessionEvent.ToolFailed(e.taskId(), e.tool(), e.error()));
        } else {
            append(new SessionEvent.RooEvent(
                    event.eventName(), event.relatedTaskId().orElse(null), event.payload()));
        }
    }

    /**
     * Roo resends the whole text of a streaming message every ~40 ms with a few words more. One event per
     * update would cost clients far more than the text itself, so a message's streaming updates are logged
     * at most once per {@link SessionOptions#streamInterval()}: the latest update is held and replaced by
     * newer ones until the interval since the message's last logged update has passed. Any other event of
     * the session logs the held update first, and the message's final update supersedes it, so order is
     * kept and the final text is exact. When events wait in the queue the held update also waits for them,
     * so a backlog of updates is folded into one even with no interval.
     */
    private void holdUpdate(TaskEvent.MessageEvent update) {
        TaskEvent.MessageEvent held = heldUpdate;
        if (held != null && !isHeld(update.taskId(), update.message().ts())) {
            releaseHeldUpdate();
        }
        heldUpdate = update;
        if (!releaseQueued) {
            releaseQueued = true;
            releaseWhenDue();
        }
    }

    private boolean isHeld(String taskId, long ts) {
        TaskEvent.MessageEvent held = heldUpdate;
        return held != null && held.taskId().equals(taskId) && held.message().ts() == ts;
    }

    /** Logs the held update once its message's interval has passed; otherwise looks again when it will have. */
    private void releaseWhenDue() {
        TaskEvent.MessageEvent held = heldUpdate;
        long wait = 0;
        if (held != null
                && held.taskId().equals(streamedTaskId)
                && held.message().ts() == streamedTs) {
            wait = streamedAt + options.streamInterval().toNanos() - System.nanoTime();
        }
        try {
            if (wait > 0) {
                thread.schedule(this::releaseWhenDue, wait, TimeUnit.NANOSECONDS);
            } else {
                thread.execute(() -> {
                    releaseQueued = false;
                    releaseHeldUpdate();
                });
            }
        } catch (RejectedExecutionException e) {
            releaseQueued = false;
            releaseHeldUpdate();
        }
    }

    private void releaseHeldUpdate() {
        TaskEvent.MessageEvent held = heldUpdate;
        if (held != null) {
            heldUpdate = null;
            logMessage(held);
        }
    }

    private void logMessage(TaskEvent.MessageEvent event) {
        if (event.message().isPartial()) {
            streamedTaskId = event.taskId();
            streamedTs = event.message().ts();
            streamedAt = System.nanoTime();
        }
        onMessage(event);
    }

    private void onLifecycle(TaskEvent.TaskLifecycleEvent e) {
        String taskId = e.taskId();
        RooEventName kind = e.kind();
        if (kind == RooEventName.TASK_CREATED) {
            onCreated(taskId);
        } else if (kind == RooEventName.TASK_STARTED) {
            setState(taskId, TaskState.RUNNING);
        } else if (kind == RooEventName.TASK_ABORTED) {
            onAborted(taskId);
        } else if (kind == RooEventName.TASK_INTERACTIVE
                || kind == RooEventName.TASK_IDLE
                || kind == RooEventName.TASK_RESUMABLE) {
            onWaiting(taskId);
        } else {
            append(new SessionEvent.RooEvent(e.eventName(), taskId, e.payload()));
        }
    }

    private void onCreated(String taskId) {
        boolean known = log.read(sessionId, s -> s.task(taskId).isPresent());
        if (open != null && !open.taskId.equals(taskId)) {
            resolve(ResolveAs.SUPERSEDED);
        }
        Waiter starter = known ? null : startWaiters.poll();
        append(new SessionEvent.TaskStarted(taskId, starter == null ? null : starter.prompt, null));
        currentTaskId = taskId;
        states.put(taskId, TaskState.RUNNING);
        if (starter != null) {
            starter.complete(new AckResult.TaskStarted(taskId));
        }
        List<Waiter> resumers = resumeWaiters.remove(taskId);
        if (resumers != null) {
            resumers.forEach(w -> w.complete(new AckResult.TaskStarted(taskId)));
        }
    }

    private void onAborted(String taskId) {
        closeStreamingMessages(taskId);
        if (open != null && open.taskId.equals(taskId)) {
            resolve(ResolveAs.CANCELLED);
        }
        TaskState state = states.get(taskId);
        if (state != TaskState.COMPLETED) {
            setState(taskId, TaskState.ABORTED);
        }
    }

    /** Roo says a task waits (taskInteractive, taskIdle, taskResumable): its open ask needs a person. */
    private void onWaiting(String taskId) {
        if (open == null || !open.taskId.equals(taskId)) {
            // An ask from before the relay connected: find it in the transcript.
            Optional<ClineMessage> last = log.read(sessionId, s -> s.transcript(taskId)
                    .flatMap(messages ->
                            messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1))));
            if (last.isEmpty() || !isOpenAsk(last.get())) {
                return;
            }
            openAsk(taskId, last.get());
        }
        publishPending();
    }

    private void onMessage(TaskEvent.MessageEvent event) {
        String taskId = event.taskId();
        ClineMessage message = event.message();
        if (open != null && open.taskId.equals(taskId) && event.isCreated() && message.ts() > open.ts) {
            resolve(ResolveAs.ANSWERED); // the task moved on
        }
        SessionEvent.Message delta = log.read(sessionId, s -> {
            Optional<ClineMessage> previous = s.message(taskId, message.ts());
            return previous.isPresent() && previous.get().equals(message) ? null : s.messageEvent(taskId, message);
        });
        if (delta != null) {
            append(delta);
        }
        if (!message.isAsk()) {
            return;
        }
        if (Boolean.TRUE.equals(message.isAnswered())) {
            if (open != null && open.taskId.equals(taskId) && open.ts == message.ts()) {
                resolve(ResolveAs.ANSWERED);
            }
            return;
        }
        if (isOpenAsk(message)) {
            if (open != null && open.taskId.equals(taskId) && open.ts == message.ts()) {
                open.text = message.text();
                return;
            }
            if (open != null) {
                resolve(ResolveAs.SUPERSEDED);
            }
            openAsk(taskId, message);
            if (AskKind.COMPLETION_RESULT.equals(message.ask())) {
                closeStreamingMessages(taskId);
                setState(taskId, TaskState.COMPLETED);
            }
        }
    }

    private static boolean isOpenAsk(ClineMessage message) {
        if (!message.isAsk() || message.isPartial() || Boolean.TRUE.equals(message.isAnswered())) {
            return false;
        }
        AskCategory category = message.askCategory();
        return category == AskCategory.INTERACTIVE || category == AskCategory.IDLE || category == AskCategory.RESUMABLE;
    }

    private void openAsk(String taskId, ClineMessage message) {
        OpenAsk ask = new OpenAsk(taskId, message.ts(), message.ask(), message.text());
        open = ask;
        ask.grace = thread.schedule(
                () -> {
                    if (open == ask) {
                        publishPending();
                    }
                },
                options.askGrace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Shows the open ask as waiting for a person, with the task's matching state. */
    private void publishPending() {
        OpenAsk ask = open;
        if (ask == null || ask.published) {
            return;
        }
        ask.published = true;
        PendingAsk.Category category = category(ask.kind);
        append(new SessionEvent.AskPending(new PendingAsk(ask.taskId, ask.ts, ask.kind.value(), category, ask.text)));
        setState(ask.taskId, waitingState(ask.kind));
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

    private enum ResolveAs {
        ANSWERED,
        SUPERSEDED,
        CANCELLED
    }

    /** The open ask is no longer open. */
    private void resolve(ResolveAs how) {
        OpenAsk ask = open;
        open = null;
        if (ask.grace != null) {
            ask.grace.cancel(false);
        }
        if (ask.published) {
            SessionEvent.Resolution resolution =
                    switch (how) {
                        case ANSWERED -> SessionEvent.Resolution.ANSWERED;
                        case SUPERSEDED -> SessionEvent.Resolution.SUPERSEDED;
                        case CANCELLED -> SessionEvent.Resolution.CANCELLED;
                    };
            append(new SessionEvent.AskResolved(ask.taskId, ask.ts, resolution));
        }
        if (how == ResolveAs.ANSWERED) {
            TaskState state = states.get(ask.taskId);
            if (state != TaskState.RUNNING && state != TaskState.ABORTED) {
                setState(ask.taskId, TaskState.RUNNING);
            }
        }
    }

    /** Closes the messages Roo left streaming: Roo never finalises them after a cancel or a crash. */
    private void closeStreamingMessages(String taskId) {
        List<SessionEvent.Message> closing = log.read(sessionId, s -> {
            List<SessionEvent.Message> out = new ArrayList<>();
            for (ClineMessage message : s.transcript(taskId).orElse(List.of())) {
                if (message.isPartial()) {
                    out.add(s.messageEvent(taskId, message.withText(message.text(), false)));
                }
            }
            return out;
        });
        closing.forEach(this::append);
    }

    private void setState(String taskId, TaskState state) {
        if (states.get(taskId) != state) {
            states.put(taskId, state);
            append(new SessionEvent.TaskStateChanged(taskId, state));
        }
    }

    private void append(SessionEvent event) {
        log.append(sessionId, event);
    }

    private static Tokens tokens(TokenUsage usage) {
        return new Tokens(
                Math.max(0, usage.totalTokensIn()),
                Math.max(0, usage.totalTokensOut()),
                Math.max(0, usage.totalCacheWrites() == null ? 0 : usage.totalCacheWrites()),
                Math.max(0, usage.totalCacheReads() == null ? 0 : usage.totalCacheReads()),
                Math.max(0, usage.totalCost()),
                Math.max(0, usage.contextTokens()));
    }

    // ================================================================== requests

    private void handle(Caller caller, ClientMessage.SessionRequest request, CompletableFuture<AckResult> result) {
        releaseHeldUpdate();
        if (request instanceof ClientMessage.StartTask r) {
            startTask(caller, r, result);
        } else if (request instanceof ClientMessage.SendMessage r) {
            typedAnswer(caller, r, r.text(), r.images(), "send_message", false);
            result.complete(null);
        } else if (request instanceof ClientMessage.AnswerAsk r) {
            typedAnswer(caller, r, r.answer(), List.of(), "answer_ask", true);
            result.complete(null);
        } else if (request instanceof ClientMessage.Approve) {
            throw new RelayException(
                    ErrorCode.CAPABILITY_UNAVAILABLE,
                    "session '" + sessionId + "' reaches Roo over stock IPC, which cannot approve a tool or command"
                            + " ask. Deny it with feedback, or turn on auto-approval in the session's settings"
                            + " (autoApprovalEnabled with alwaysAllowWrite or alwaysAllowExecute) for the next task.");
        } else if (request instanceof ClientMessage.Deny r) {
            deny(caller, r);
            result.complete(null);
        } else if (request instanceof ClientMessage.CancelTask r) {
            cancel(caller, r);
            result.complete(null);
        } else if (request instanceof ClientMessage.ResumeTask r) {
            resume(caller, r, result);
        } else if (request instanceof ClientMessage.GetSettings) {
            result.complete(profile.view());
        } else if (request instanceof ClientMessage.UpdateSettings r) {
            AckResult.Settings view = profile.update(r.changes());
            append(profile.changedEvent(caller.name()));
            append(new SessionEvent.UserAction(
                    caller.name(),
                    "update_settings",
                    null,
                    "changed " + String.join(", ", r.changes().keySet())));
            result.complete(view);
        } else if (request instanceof ClientMessage.DeleteQueuedMessage r) {
            requireConnected();
            endpoint.send(new TaskCommand.DeleteQueuedMessage(r.messageId()));
            append(new SessionEvent.UserAction(caller.name(), "delete_queued_message", currentTaskId, r.messageId()));
            result.complete(null);
        } else if (request instanceof ClientMessage.GetHistory) {
            result.complete(new AckResult.History(sessionId, log.read(sessionId, SessionState::history)));
        } else if (request instanceof ClientMessage.GetTranscript r) {
            result.complete(log.read(
                    sessionId,
                    s -> new AckResult.Transcript(
                            sessionId,
                            s.task(r.taskId()).orElseThrow(() -> unknownTask(r.taskId())),
                            s.transcript(r.taskId()).orElse(List.of()))));
        } else if (request instanceof ClientMessage.Subscribe || request instanceof ClientMessage.Unsubscribe) {
            throw new RelayException(
                    ErrorCode.BAD_REQUEST, "subscribe and unsubscribe are handled by the relay's connection");
        } else {
            throw new RelayException(
                    ErrorCode.BAD_REQUEST,
                    "unsupported request " + request.getClass().getSimpleName());
        }
    }

    private void startTask(Caller caller, ClientMessage.StartTask request, CompletableFuture<AckResult> result) {
        requireConnected();
        checkImages(request.images());
        RooSettings configuration = profile.forRoo();
        if (request.mode() != null && !request.mode().isBlank()) {
            SettingsProfile.validate(RooSettings.Keys.MODE, RooJson.nodes().textNode(request.mode()));
            configuration = configuration.with(RooSettings.Keys.MODE, request.mode());
        }
        Waiter waiter = new Waiter(result, request.text(), "start the task");
        startWaiters.add(waiter);
        try {
            endpoint.send(new TaskCommand.StartNewTask(
                    configuration, request.text(), request.images().isEmpty() ? null : request.images(), null));
        } catch (RelayException e) {
            startWaiters.remove(waiter);
            throw e;
        }
        waiter.arm(() -> startWaiters.remove(waiter));
        String detail = (request.mode() == null ? "" : "mode " + request.mode() + ": ")
                + shorten(request.text())
                + (request.images().isEmpty() ? "" : " (+" + request.images().size() + " images)");
        append(new SessionEvent.UserAction(caller.name(), "start_task", null, detail));
    }

    /** A typed message for the named ask: only while it is open and answerable by text. */
    private void typedAnswer(
            Caller caller,
            ClientMessage.AskRequest request,
            String text,
            List<String> images,
            String action,
            boolean followupOnly) {
        requireConnected();
        checkImages(images);
        OpenAsk ask = requireNamedAsk(request);
        if (isApproval(ask.kind)) {
            throw new RelayException(
                    ErrorCode.ASK_NOT_ANSWERABLE,
                    "the pending ask is a " + ask.kind + " approval: a typed message would reject it. Use deny to"
                            + " reject it with feedback; stock Roo IPC cannot approve it.");
        }
        if (followupOnly && !AskKind.FOLLOWUP.equals(ask.kind)) {
            throw new RelayException(
                    ErrorCode.ASK_NOT_ANSWERABLE,
                    "answer_ask answers followup questions; the pending ask is " + ask.kind
                            + ": use send_message to continue or resume the task");
        }
        AskCategory category = AskCategory.of(ask.kind);
        if (category != AskCategory.INTERACTIVE && category != AskCategory.IDLE && category != AskCategory.RESUMABLE) {
            throw new RelayException(
                    ErrorCode.ASK_NOT_ANSWERABLE, "the ask " + ask.kind + " cannot be answered with a message");
        }
        endpoint.send(new TaskCommand.SendMessage(text, images.isEmpty() ? null : images));
        ask.answerSent = true;
        append(new SessionEvent.UserAction(caller.name(), action, ask.taskId, shorten(text)));
    }

    private void deny(Caller caller, ClientMessage.Deny request) {
        requireConnected();
        OpenAsk ask = requireNamedAsk(request);
        if (!isApproval(ask.kind)) {
            throw new RelayException(
                    ErrorCode.ASK_NOT_ANSWERABLE,
                    "deny rejects tool and command approvals; the pending ask is " + ask.kind
                            + (AskKind.FOLLOWUP.equals(ask.kind) ? ": use answer_ask" : ": use send_message"));
        }
        if (!ask.published) {
            // Roo may still approve this ask itself; a message arriving after that would be queued and
            // approve the next one.
            throw new RelayException(
                    ErrorCode.ROO_BUSY,
                    "Roo has not stopped to wait on this ask yet (it may approve it itself); deny it once the"
                            + " session shows it as pending");
        }
        String feedback = request.feedback() == null || request.feedback().isBlank()
                ? "I denied this operation."
                : request.feedback();
        endpoint.send(new TaskCommand.SendMessage(feedback));
        ask.answerSent = true;
        append(new SessionEvent.UserAction(caller.name(), "deny", ask.taskId, shorten(feedback)));
    }

    private OpenAsk requireNamedAsk(ClientMessage.AskRequest request) {
        OpenAsk ask = open;
        if (ask != null && ask.taskId.equals(request.taskId()) && ask.ts == request.askTs()) {
            if (ask.answerSent) {
                throw new RelayException(
                        ErrorCode.STALE_ASK,
                        "this ask was already answered (ts " + ask.ts + "); wait for Roo's next ask");
            }
            return ask;
        }
        if (ask != null) {
            throw new RelayException(
                    ErrorCode.STALE_ASK,
                    "the ask you named (task " + request.taskId() + ", ts " + request.askTs()
                            + ") is not the pending one; the pending ask is " + ask.kind + " (task " + ask.taskId
                            + ", ts " + ask.ts + ")");
        }
        boolean seen = log.read(sessionId, s -> s.message(request.taskId(), request.askTs())
                .map(ClineMessage::isAsk)
                .orElse(false));
        if (seen) {
            throw new RelayException(
                    ErrorCode.STALE_ASK,
                    "the ask you named (task " + request.taskId() + ", ts " + request.askTs()
                            + ") was already answered or is gone");
        }
        if (currentTaskId != null && states.get(currentTaskId) == TaskState.RUNNING) {
            throw new RelayException(
                    ErrorCode.ROO_BUSY,
                    "Roo is working on task " + currentTaskId + " and waits on no ask; a message now would be"
                            + " queued and could approve its next tool ask, so it was not sent");
        }
        throw new RelayException(
                ErrorCode.NO_PENDING_ASK,
                "no ask is pending in session '" + sessionId + "' for task " + request.taskId());
    }

    private static boolean isApproval(AskKind kind) {
        return AskKind.TOOL.equals(kind) || AskKind.COMMAND.equals(kind) || AskKind.USE_MCP_SERVER.equals(kind);
    }

    private void cancel(Caller caller, ClientMessage.CancelTask request) {
        requireConnected();
        if (request.taskId() != null && !request.taskId().equals(currentTaskId)) {
            boolean known = log.read(sessionId, s -> s.task(request.taskId()).isPresent());
            if (!known) {
                throw unknownTask(request.taskId());
            }
            throw new RelayException(
                    ErrorCode.BAD_REQUEST,
                    "task " + request.taskId() + " is no longer the session's current task; nothing was cancelled");
        }
        if (currentTaskId == null) {
            throw new RelayException(ErrorCode.BAD_REQUEST, "session '" + sessionId + "' has no task to cancel");
        }
        endpoint.send(new TaskCommand.CancelTask());
        append(new SessionEvent.UserAction(caller.name(), "cancel_task", currentTaskId, null));
    }

    private void resume(Caller caller, ClientMessage.ResumeTask request, CompletableFuture<AckResult> result) {
        requireConnected();
        String taskId = request.taskId();
        boolean known = log.read(sessionId, s -> s.task(taskId).isPresent());
        if (!known) {
            throw unknownTask(taskId);
        }
        Waiter waiter = new Waiter(result, null, "reopen task " + taskId);
        resumeWaiters.computeIfAbsent(taskId, id -> new ArrayList<>()).add(waiter);
        try {
            endpoint.send(new TaskCommand.ResumeTask(taskId));
        } catch (RelayException e) {
            removeResumeWaiter(taskId, waiter);
            throw e;
        }
        waiter.arm(() -> removeResumeWaiter(taskId, waiter));
        append(new SessionEvent.UserAction(caller.name(), "resume_task", taskId, null));
    }

    private void removeResumeWaiter(String taskId, Waiter waiter) {
        List<Waiter> waiters = resumeWaiters.get(taskId);
        if (waiters != null) {
            waiters.remove(waiter);
            if (waiters.isEmpty()) {
                resumeWaiters.remove(taskId);
            }
        }
    }

    private void requireConnected() {
        if (status != ConnectionStatus.CONNECTED || !endpoint.isConnected()) {
            throw endpoint.unavailable();
        }
    }

    private void checkImages(List<String> images) {
        if (images.size() > options.maxImages()) {
            throw new RelayException(
                    ErrorCode.IMAGE_TOO_LARGE,
                    images.size() + " images is more than the " + options.maxImages() + " a request may carry");
        }
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            if (image == null || !image.startsWith("data:image/") || !image.contains(";base64,")) {
                throw new RelayException(
                        ErrorCode.BAD_REQUEST, "image " + (i + 1) + " is not a data URL (data:image/...;base64,...)");
            }
            if (image.length() > options.maxImageChars()) {
                throw new RelayException(
                        ErrorCode.IMAGE_TOO_LARGE,
                        "image " + (i + 1) + " is " + image.length() + " characters; the limit is "
                                + options.maxImageChars());
            }
        }
    }

    private RelayException unknownTask(String taskId) {
        return new RelayException(
                ErrorCode.UNKNOWN_TASK, "session '" + sessionId + "' has no task " + taskId + " in its history");
    }

    private void failWaiters(RelayException e) {
        List<Waiter> all = new ArrayList<>(startWaiters);
        resumeWaiters.values().forEach(all::addAll);
        startWaiters.clear();
        resumeWaiters.clear();
        all.forEach(w -> w.fail(e));
    }

    private static String shorten(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= DETAIL_CHARS ? text : text.substring(0, DETAIL_CHARS - 3) + "...";
    }

    /** The ask Roo left open, as the session thread tracks it. */
    private static final class OpenAsk {
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

    /** A request waiting for Roo to create a task. */
    private final class Waiter {
        final CompletableFuture<AckResult> result;
        final String prompt;
        final String what;
        ScheduledFuture<?> timeout;

        Waiter(CompletableFuture<AckResult> result, String prompt, String what) {
            this.result = result;
            this.prompt = prompt;
            this.what = what;
        }

        void arm(Runnable onTimeout) {
            long millis = options.startTimeout().toMillis();
            timeout = thread.schedule(
                    () -> {
                        onTimeout.run();
                        fail(new RelayException(
                                ErrorCode.TIMEOUT,
                                "Roo did not " + what + " within " + millis + " ms; check the session's Roo",
                                new TimeoutException()));
                    },
                    millis,
                    TimeUnit.MILLISECONDS);
        }

        void complete(AckResult value) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            result.complete(value);
        }

        void fail(RelayException e) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            result.completeExceptionally(e);
        }
    }
}
