package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.protocol.roo.TokenUsage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.roo.RooEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a session's Roo endpoint reports into {@link SessionEvent}s, following the real
 * extension's traffic: a task is done at its final ask {@code completion_result}; an ask is open from
 * its non-partial message until it is answered (an update with {@code isAnswered},
 * {@code taskAskResponded}, or a newer message of the task), and waits for a person once Roo says so
 * ({@code taskInteractive}, {@code taskIdle}, {@code taskResumable}) or its grace period has passed.
 * Roo leaves a message it was streaming unfinished when a task is cancelled or Roo goes away; the relay
 * closes it. Streaming updates pass through a {@link StreamThrottle}.
 *
 * <p>Confined to the session thread.
 */
final class RooEventTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(RooEventTranslator.class);

    private final SessionLog log;
    private final RooEndpoint endpoint;
    private final TaskTracker tracker;
    private final TaskWaiters waiters;
    private final StreamThrottle throttle;
    private final CommandExits exits;

    RooEventTranslator(
            SessionLog log,
            RooEndpoint endpoint,
            TaskTracker tracker,
            TaskWaiters waiters,
            ScheduledExecutorService thread,
            SessionOptions options,
            CommandExits exits) {
        this.log = log;
        this.exits = exits;
        this.endpoint = endpoint;
        this.tracker = tracker;
        this.waiters = waiters;
        this.throttle = new StreamThrottle(thread, options.streamInterval(), this::onMessage);
    }

    /**
     * Picks up the state the log holds from earlier runs. The session's link is shown as not yet
     * connected. What the log says was going on when the relay last stopped cannot be trusted now: an
     * ask that waited then may have been answered since (and a message for it would be queued by a busy
     * Roo), so it is withdrawn until Roo asks again. A demo or launched Roo stopped with the relay, so
     * its task was interrupted like a cancelled one.
     */
    void restore() {
        PendingAsk stale = log.read(state -> {
            tracker.restore(state.currentTaskId().orElse(null), state.history());
            return state.pendingAsk().orElse(null);
        });
        // The log may still say "connected" from the last run.
        log.append(new SessionEvent.Connection(
                endpoint.kind() == EndpointKind.LAUNCH ? ConnectionStatus.LAUNCHING : ConnectionStatus.CONNECTING,
                "relay started"));
        if (stale != null) {
            log.append(new SessionEvent.AskResolved(stale.taskId(), stale.ts(), SessionEvent.Resolution.CANCELLED));
        }
        String taskId = tracker.currentTaskId();
        if (taskId == null || endpoint.kind() == EndpointKind.ATTACH) {
            return;
        }
        closeStreamingMessages(taskId);
        tracker.abortUnsettled(taskId);
    }

    /** Logs the streaming update held back, before something else is logged. */
    void flush() {
        throttle.flush();
    }

    void onStatus(ConnectionStatus newStatus, String detail) {
        flush();
        ConnectionStatus previous = tracker.status(newStatus);
        log.append(new SessionEvent.Connection(newStatus, detail));
        if (newStatus == ConnectionStatus.CONNECTED) {
            try {
                endpoint.send(new TaskCommand.GetModes());
            } catch (RelayException e) {
                LOG.debug("session '{}': could not ask Roo for its modes", log.sessionId(), e);
            }
        } else if (previous == ConnectionStatus.CONNECTED) {
            lostRoo();
        }
    }

    void onEvent(TaskEvent event) {
        try {
            translate(event);
        } catch (IllegalArgumentException e) {
            // A shape the relay's events refuse (e.g. an overlong id): keep it as Roo sent it.
            LOG.warn(
                    "session '{}': kept an unusual {} event as is: {}",
                    log.sessionId(),
                    event.eventName(),
                    e.getMessage());
            log.append(new SessionEvent.RooEvent(event.eventName(), null, event.payload()));
        }
    }

    /** Roo went away: whatever it was doing is interrupted. */
    private void lostRoo() {
        waiters.failAll(new RelayException(
                ErrorCode.SESSION_UNAVAILABLE, "session '" + log.sessionId() + "' lost its connection to Roo"));
        String taskId = tracker.currentTaskId();
        if (taskId == null) {
            return;
        }
        closeStreamingMessages(taskId);
        if (tracker.openAsk() != null) {
            tracker.resolve(SessionEvent.Resolution.CANCELLED);
        }
        tracker.abortUnsettled(taskId);
    }

    private void translate(TaskEvent event) {
        if (event instanceof TaskEvent.MessageEvent m) {
            throttle.offer(m);
            return;
        }
        flush();
        if (event instanceof TaskEvent.TaskLifecycleEvent e) {
            onLifecycle(e);
        } else if (event instanceof TaskEvent.TokenUsageUpdated e) {
            log.append(new SessionEvent.TokenUsage(e.taskId(), tokens(e.tokenUsage())));
        } else if (event instanceof TaskEvent.TaskAskResponded e) {
            tracker.resolveIfOpen(e.taskId(), SessionEvent.Resolution.ANSWERED);
        } else if (event instanceof TaskEvent.TaskCompleted e) {
            tracker.resolveIfOpen(e.taskId(), SessionEvent.Resolution.ANSWERED);
            closeStreamingMessages(e.taskId());
            tracker.setState(e.taskId(), TaskState.COMPLETED);
        } else if (event instanceof TaskEvent.ModesResponse e) {
            List<SessionEvent.Mode> modes = new ArrayList<>();
            e.modes().forEach(m -> modes.add(new SessionEvent.Mode(m.slug(), m.name())));
            log.append(new SessionEvent.ModesListed(modes));
        } else if (event instanceof TaskEvent.ModeChanged e) {
            log.append(new SessionEvent.ModeChanged(null, e.mode()));
        } else if (event instanceof TaskEvent.TaskModeSwitched e) {
            log.append(new SessionEvent.ModeChanged(e.taskId(), e.mode()));
        } else if (event instanceof TaskEvent.QueuedMessagesUpdated e) {
            List<SessionEvent.QueuedMessage> messages = new ArrayList<>();
            e.messages().forEach(q -> messages.add(new SessionEvent.QueuedMessage(q.id(), q.text(), q.timestamp())));
            log.append(new SessionEvent.QueuedMessages(e.taskId(), messages));
        } else if (event instanceof TaskEvent.TaskToolFailed e) {
            log.append(new SessionEvent.ToolFailed(e.taskId(), e.tool(), e.error()));
        } else {
            log.append(new SessionEvent.RooEvent(
                    event.eventName(), event.relatedTaskId().orElse(null), event.payload()));
        }
    }

    private void onLifecycle(TaskEvent.TaskLifecycleEvent e) {
        String taskId = e.taskId();
        RooEventName kind = e.kind();
        if (kind == RooEventName.TASK_CREATED) {
            onCreated(taskId);
        } else if (kind == RooEventName.TASK_STARTED) {
            tracker.setState(taskId, TaskState.RUNNING);
        } else if (kind == RooEventName.TASK_ABORTED) {
            onAborted(taskId);
        } else if (kind == RooEventName.TASK_INTERACTIVE
                || kind == RooEventName.TASK_IDLE
                || kind == RooEventName.TASK_RESUMABLE) {
            onWaiting(taskId);
        } else {
            log.append(new SessionEvent.RooEvent(e.eventName(), taskId, e.payload()));
        }
    }

    private void onCreated(String taskId) {
        boolean known = log.read(s -> s.task(taskId).isPresent());
        TaskTracker.OpenAsk open = tracker.openAsk();
        if (open != null && !open.taskId.equals(taskId)) {
            tracker.resolve(SessionEvent.Resolution.SUPERSEDED);
        }
        TaskWaiters.Waiter starter = known ? null : waiters.takeStart();
        log.append(new SessionEvent.TaskStarted(taskId, starter == null ? null : starter.prompt(), null));
        tracker.created(taskId);
        waiters.created(taskId, starter);
    }

    private void onAborted(String taskId) {
        closeStreamingMessages(taskId);
        tracker.resolveIfOpen(taskId, SessionEvent.Resolution.CANCELLED);
        if (tracker.state(taskId) != TaskState.COMPLETED) {
            tracker.setState(taskId, TaskState.ABORTED);
        }
    }

    /** Roo says a task waits (taskInteractive, taskIdle, taskResumable): its open ask needs a person. */
    private void onWaiting(String taskId) {
        if (!tracker.isOpen(taskId)) {
            // An ask from before the relay connected: find it in the transcript.
            Optional<ClineMessage> last = log.read(s -> s.transcript(taskId)
                    .flatMap(messages ->
                            messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1))));
            if (last.isEmpty() || !TaskTracker.opensAsk(last.get())) {
                return;
            }
            tracker.open(taskId, last.get());
        }
        tracker.publishPending();
    }

    private void onMessage(TaskEvent.MessageEvent event) {
        String taskId = event.taskId();
        ClineMessage message = exits.decorate(taskId, event.message());
        TaskTracker.OpenAsk open = tracker.openAsk();
        if (open != null && open.taskId.equals(taskId) && event.isCreated() && message.ts() > open.ts) {
            tracker.resolve(SessionEvent.Resolution.ANSWERED); // the task moved on
        }
        SessionEvent.Message delta = log.read(s -> {
            Optional<ClineMessage> previous = s.message(taskId, message.ts());
            return previous.isPresent() && previous.get().equals(message) ? null : s.messageEvent(taskId, message);
        });
        if (delta != null) {
            log.append(delta);
        }
        if (!message.isAsk()) {
            return;
        }
        if (Boolean.TRUE.equals(message.isAnswered())) {
            if (tracker.isOpen(taskId, message.ts())) {
                tracker.resolve(SessionEvent.Resolution.ANSWERED);
            }
            return;
        }
        if (TaskTracker.opensAsk(message)) {
            if (tracker.isOpen(taskId, message.ts())) {
                tracker.openAsk().text = message.text();
                return;
            }
            if (tracker.openAsk() != null) {
                tracker.resolve(SessionEvent.Resolution.SUPERSEDED);
            }
            tracker.open(taskId, message);
            if (AskKind.COMPLETION_RESULT.equals(message.ask())) {
                closeStreamingMessages(taskId);
                tracker.setState(taskId, TaskState.COMPLETED);
            }
        }
    }

    /** Closes the messages Roo left streaming: Roo never finalises them after a cancel or a crash. */
    private void closeStreamingMessages(String taskId) {
        List<SessionEvent.Message> closing = log.read(s -> {
            List<SessionEvent.Message> out = new ArrayList<>();
            for (ClineMessage message : s.transcript(taskId).orElse(List.of())) {
                if (message.isPartial()) {
                    out.add(s.messageEvent(taskId, message.withText(message.text(), false)));
                }
            }
            return out;
        });
        closing.forEach(log::append);
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
}
