package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.bridge.BridgeLink;
import dev.rooremote.relay.roo.RooEndpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Carries out the requests clients send to one session: commands go to Roo while it is connected,
 * answers to its ask go through {@link AskAnswers}, and start_task and resume_task are acked once Roo
 * has created the task ({@link TaskWaiters}). Each request that acts is logged as a user action.
 *
 * <p>Confined to the session thread.
 */
final class SessionRequests {

    private static final int DETAIL_CHARS = 200;

    private final SessionLog log;
    private final RooEndpoint endpoint;
    private final SettingsProfile profile;
    private final TaskTracker tracker;
    private final TaskWaiters waiters;
    private final ImageLimits images;
    private final AskAnswers answers;
    private final LiveSettings settings;

    SessionRequests(
            SessionLog log,
            RooEndpoint endpoint,
            SettingsProfile profile,
            TaskTracker tracker,
            TaskWaiters waiters,
            ImageLimits images,
            BridgeLink bridge,
            Executor sessionThread) {
        this.log = log;
        this.endpoint = endpoint;
        this.profile = profile;
        this.tracker = tracker;
        this.waiters = waiters;
        this.images = images;
        this.answers = new AskAnswers(log, endpoint, tracker, images, bridge, sessionThread);
        this.settings = new LiveSettings(log, profile, bridge, sessionThread);
    }

    /** Logs the mode a new task will run in, see {@link LiveSettings#showMode()}. */
    void showMode() {
        settings.showMode();
    }

    /**
     * Completes {@code result} with the ack's result, now or once Roo answers; throws what it refuses.
     * {@code audit} takes what the audit log should record of what was done (e.g. what was approved).
     */
    void handle(
            Caller caller,
            ClientMessage.SessionRequest request,
            CompletableFuture<AckResult> result,
            Consumer<String> audit) {
        if (request instanceof ClientMessage.StartTask r) {
            startTask(caller, r, result);
        } else if (request instanceof ClientMessage.SendMessage r) {
            requireConnected();
            answers.typed(caller, r, r.text(), r.images(), "send_message", false);
            result.complete(null);
        } else if (request instanceof ClientMessage.AnswerAsk r) {
            requireConnected();
            answers.typed(caller, r, r.answer(), List.of(), "answer_ask", true);
            result.complete(null);
        } else if (request instanceof ClientMessage.Approve r) {
            requireConnected();
            answers.approve(caller, r, result, audit);
        } else if (request instanceof ClientMessage.Deny r) {
            requireConnected();
            answers.deny(caller, r, result, audit);
        } else if (request instanceof ClientMessage.CancelTask r) {
            cancel(caller, r);
            result.complete(null);
        } else if (request instanceof ClientMessage.ResumeTask r) {
            resume(caller, r, result);
        } else if (request instanceof ClientMessage.GetSettings) {
            settings.get(result);
        } else if (request instanceof ClientMessage.UpdateSettings r) {
            settings.update(caller, r, result, audit);
        } else if (request instanceof ClientMessage.GetProfiles) {
            settings.profiles(result);
        } else if (request instanceof ClientMessage.UseProfile r) {
            settings.useProfile(caller, r, result, audit);
        } else if (request instanceof ClientMessage.DeleteQueuedMessage r) {
            requireConnected();
            endpoint.send(new TaskCommand.DeleteQueuedMessage(r.messageId()));
            log.append(new SessionEvent.UserAction(
                    caller.name(), "delete_queued_message", tracker.currentTaskId(), r.messageId()));
            result.complete(null);
        } else if (request instanceof ClientMessage.GetHistory) {
            result.complete(new AckResult.History(log.sessionId(), log.read(SessionState::history)));
        } else if (request instanceof ClientMessage.GetTranscript r) {
            result.complete(log.read(s -> new AckResult.Transcript(
                    log.sessionId(),
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
        images.check(request.images());
        RooSettings configuration = profile.forRoo();
        if (request.mode() != null && !request.mode().isBlank()) {
            SettingsProfile.validate(RooSettings.Keys.MODE, RooJson.nodes().textNode(request.mode()));
            configuration = configuration.with(RooSettings.Keys.MODE, request.mode());
        }
        RooSettings forTask = configuration;
        waiters.awaitStart(
                result,
                request.text(),
                () -> endpoint.send(new TaskCommand.StartNewTask(
                        forTask, request.text(), request.images().isEmpty() ? null : request.images(), null)));
        String detail = (request.mode() == null ? "" : "mode " + request.mode() + ": ")
                + shorten(request.text())
                + (request.images().isEmpty() ? "" : " (+" + request.images().size() + " images)");
        log.append(new SessionEvent.UserAction(caller.name(), "start_task", null, detail));
    }

    private void cancel(Caller caller, ClientMessage.CancelTask request) {
        requireConnected();
        String current = tracker.currentTaskId();
        if (request.taskId() != null && !request.taskId().equals(current)) {
            boolean known = log.read(s -> s.task(request.taskId()).isPresent());
            if (!known) {
                throw unknownTask(request.taskId());
            }
            throw new RelayException(
                    ErrorCode.BAD_REQUEST,
                    "task " + request.taskId() + " is no longer the session's current task; nothing was cancelled");
        }
        if (current == null) {
            throw new RelayException(ErrorCode.BAD_REQUEST, "session '" + log.sessionId() + "' has no task to cancel");
        }
        endpoint.send(new TaskCommand.CancelTask());
        log.append(new SessionEvent.UserAction(caller.name(), "cancel_task", current, null));
    }

    private void resume(Caller caller, ClientMessage.ResumeTask request, CompletableFuture<AckResult> result) {
        requireConnected();
        String taskId = request.taskId();
        boolean known = log.read(s -> s.task(taskId).isPresent());
        if (!known) {
            throw unknownTask(taskId);
        }
        waiters.awaitResume(result, taskId, () -> endpoint.send(new TaskCommand.ResumeTask(taskId)));
        log.append(new SessionEvent.UserAction(caller.name(), "resume_task", taskId, null));
    }

    private void requireConnected() {
        if (!tracker.connected() || !endpoint.isConnected()) {
            throw endpoint.unavailable();
        }
    }

    private RelayException unknownTask(String taskId) {
        return new RelayException(
                ErrorCode.UNKNOWN_TASK, "session '" + log.sessionId() + "' has no task " + taskId + " in its history");
    }

    /** A user action's detail: long texts are cut short. */
    static String shorten(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= DETAIL_CHARS ? text : text.substring(0, DETAIL_CHARS - 3) + "...";
    }
}
