package dev.rooremote.relay.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.AskCategory;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.bridge.BridgeException;
import dev.rooremote.relay.bridge.BridgeHello;
import dev.rooremote.relay.bridge.BridgeLink;
import dev.rooremote.relay.roo.RooEndpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Answers to Roo's open ask (send_message, answer_ask, approve, deny), under the safety rules: a typed message
 * reaches Roo only while the task waits on an ask that a typed message answers, and only for the ask
 * the client names. A message sent to a busy Roo is queued and later drains as the approval of the next
 * tool ask (Zoo-Code#998), so everything else is refused without sending anything.
 *
 * <p>Approve goes to the session's bridge (roo-remote-bridge), which answers exactly the named ask; so
 * does deny when the bridge offers it. Approve of a failed model request ({@code api_req_failed}) is
 * Roo's Retry. The bridge refuses an ask that is no longer the one waiting.
 *
 * <p>Confined to the session thread; the caller has checked that Roo is connected.
 */
final class AskAnswers {

    private final SessionLog log;
    private final RooEndpoint endpoint;
    private final TaskTracker tracker;
    private final ImageLimits images;
    private final BridgeLink bridge;
    private final Executor sessionThread;

    /**
     * @param bridge the session's bridge, or null when it has none
     * @param sessionThread where the bridge's answers are taken up
     */
    AskAnswers(
            SessionLog log,
            RooEndpoint endpoint,
            TaskTracker tracker,
            ImageLimits images,
            BridgeLink bridge,
            Executor sessionThread) {
        this.log = log;
        this.endpoint = endpoint;
        this.tracker = tracker;
        this.images = images;
        this.bridge = bridge;
        this.sessionThread = sessionThread;
    }

    /** A typed message for the named ask: only while it is open and answerable by text. */
    void typed(
            Caller caller,
            ClientMessage.AskRequest request,
            String text,
            List<String> attached,
            String action,
            boolean followupOnly) {
        images.check(attached);
        TaskTracker.OpenAsk ask = requireNamedAsk(request);
        if (isApproval(ask.kind)) {
            throw new RelayException(
                    ErrorCode.ASK_NOT_ANSWERABLE,
                    "the pending ask is a " + ask.kind + " approval: a typed message would reject it. Use approve"
                            + " (where the session can) or deny with feedback.");
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
        endpoint.send(new TaskCommand.SendMessage(text, attached.isEmpty() ? null : attached));
        ask.answerSent = true;
        log.append(new SessionEvent.UserAction(caller.name(), action, ask.taskId, SessionRequests.shorten(text)));
    }

    /**
     * Approves the named tool, command or MCP ask through the session's bridge, once Roo shows it waits on
     * it. Completes {@code result} on the session thread when the bridge has answered; {@code audit} gets
     * what was approved.
     */
    void approve(
            Caller caller, ClientMessage.Approve request, CompletableFuture<AckResult> result, Consumer<String> audit) {
        if (bridge == null) {
            throw new RelayException(
                    ErrorCode.CAPABILITY_UNAVAILABLE,
                    "session '" + log.sessionId()
                            + "' reaches Roo over stock IPC, which cannot approve a tool or command ask, and has no"
                            + " bridge (roo-remote-bridge). Deny it with feedback, or turn on auto-approval in the"
                            + " session's settings (autoApprovalEnabled with alwaysAllowWrite or alwaysAllowExecute)"
                            + " for the next task.");
        }
        BridgeLink.State state = bridge.state();
        if (!state.capabilities().approve()) {
            throw new RelayException(
                    ErrorCode.CAPABILITY_UNAVAILABLE,
                    "session '" + log.sessionId() + "' cannot approve now: "
                            + state.capabilities().reason()
                            + ". Deny it with feedback, or try again when the bridge is back.");
        }
        TaskTracker.OpenAsk ask = requireShown(request, "approve", true);
        viaBridge(caller, "approve", ask, null, List.of(), result, audit);
    }

    /**
     * Rejects the named tool, command or MCP ask with feedback, once Roo shows it waits on it: through the
     * bridge when it offers deny (it answers exactly that ask), otherwise over stock IPC as a typed message.
     */
    void deny(Caller caller, ClientMessage.Deny request, CompletableFuture<AckResult> result, Consumer<String> audit) {
        TaskTracker.OpenAsk ask = requireShown(request, "deny", false);
        String feedback = request.feedback() == null || request.feedback().isBlank()
                ? "I denied this operation."
                : request.feedback();
        if (bridge != null
                && bridge.state().connected()
                && bridge.state().hello().has(BridgeHello.DENY)) {
            viaBridge(caller, "deny", ask, feedback, List.of(), result, audit);
            return;
        }
        endpoint.send(new TaskCommand.SendMessage(feedback));
        ask.answerSent = true;
        log.append(new SessionEvent.UserAction(caller.name(), "deny", ask.taskId, SessionRequests.shorten(feedback)));
        audit.accept("denied " + AskDetail.ofAsk(ask.kind, ask.text) + " over IPC; feedback: "
                + SessionRequests.shorten(feedback));
        result.complete(null);
    }

    /**
     * The named ask, once Roo shows it waits on it: a tool, command or MCP approval, or with {@code retry}
     * also a failed model request ({@code api_req_failed}, whose yes is Roo's Retry).
     */
    private TaskTracker.OpenAsk requireShown(ClientMessage.AskRequest request, String action, boolean retry) {
        TaskTracker.OpenAsk ask = requireNamedAsk(request);
        if (!isApproval(ask.kind) && !(retry && AskKind.API_REQ_FAILED.equals(ask.kind))) {
            throw new RelayException(
                    ErrorCode.ASK_NOT_ANSWERABLE,
                    action + " answers tool, command and MCP approvals"
                            + (retry ? " and retries a failed request" : "") + "; the pending ask is " + ask.kind
                            + (AskKind.FOLLOWUP.equals(ask.kind) ? ": use answer_ask" : ": use send_message"));
        }
        if (!ask.published) {
            // Roo may still approve this ask itself; a message arriving after that would be queued and
            // approve the next one.
            throw new RelayException(
                    ErrorCode.ROO_BUSY,
                    "Roo has not stopped to wait on this ask yet (it may approve it itself); " + action
                            + " it once the session shows it as pending");
        }
        return ask;
    }

    private void viaBridge(
            Caller caller,
            String op,
            TaskTracker.OpenAsk ask,
            String text,
            List<String> attached,
            CompletableFuture<AckResult> result,
            Consumer<String> audit) {
        ObjectNode params = RooJson.object();
        params.put("taskId", ask.taskId);
        params.put("askTs", ask.ts);
        if (text != null) {
            params.put("text", text);
        }
        if (!attached.isEmpty()) {
            params.set("images", RooJson.toTree(attached));
        }
        ask.answerSent = true;
        bridge.request(op, params)
                .whenComplete((answer, failure) -> sessionThread.execute(() -> {
                    if (failure == null) {
                        String what = AskDetail.ofBridge(answer);
                        String verb = "approve".equals(op) ? "approved " : "denied ";
                        log.append(new SessionEvent.UserAction(
                                caller.name(),
                                op,
                                ask.taskId,
                                text == null ? what : what + "; " + SessionRequests.shorten(text)));
                        audit.accept(verb + what + " (ask " + ask.ts + ", through the bridge"
                                + (text == null ? ")" : "); feedback: " + SessionRequests.shorten(text)));
                        result.complete(null);
                        return;
                    }
                    if (tracker.openAsk() == ask) {
                        ask.answerSent = false;
                    }
                    result.completeExceptionally(refusal(op, ask, failure));
                }));
    }

    /** The bridge's refusal as the relay's error. */
    private RelayException refusal(String op, TaskTracker.OpenAsk ask, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!(cause instanceof BridgeException e)) {
            return new RelayException(ErrorCode.INTERNAL_ERROR, "the bridge failed on " + op + ": " + cause, cause);
        }
        String said = e.getMessage();
        return switch (e.code()) {
            case "stale_ask" ->
                new RelayException(
                        ErrorCode.STALE_ASK,
                        "Roo is no longer waiting on the ask you named (task " + ask.taskId + ", ts " + ask.ts + "): "
                                + said);
            case "no_pending_ask" ->
                new RelayException(ErrorCode.NO_PENDING_ASK, "Roo is not waiting on any ask now: " + said);
            case "unsupported" ->
                new RelayException(ErrorCode.CAPABILITY_UNAVAILABLE, "the bridge cannot " + op + " here: " + said);
            case "invalid", "too_large" ->
                new RelayException(ErrorCode.BAD_REQUEST, "the bridge refused the " + op + ": " + said);
            case BridgeException.TIMEOUT ->
                new RelayException(
                        ErrorCode.TIMEOUT, said + "; the ask may or may not have been answered: check the session");
            case BridgeException.UNAVAILABLE ->
                new RelayException(
                        ErrorCode.SESSION_UNAVAILABLE,
                        "the bridge went away before it answered (" + said
                                + "); the ask may or may not have been answered: check the session");
            default ->
                new RelayException(
                        ErrorCode.ASK_NOT_ANSWERABLE, "Roo did not take the " + op + " (" + e.code() + "): " + said);
        };
    }

    private TaskTracker.OpenAsk requireNamedAsk(ClientMessage.AskRequest request) {
        TaskTracker.OpenAsk ask = tracker.openAsk();
        if (ask != null && ask.taskId.equals(request.taskId()) && ask.ts == request.askTs()) {
            if (ask.answerSent) {
                throw new RelayException(
                        ErrorCode.STALE_ASK,
                        "this ask was already answered (ts " + ask.ts + "); wait for Roo's next ask");
            }
            return ask;
        }
        boolean seen = log.read(s -> s.message(request.taskId(), request.askTs())
                .map(ClineMessage::isAsk)
                .orElse(false));
        if (seen) {
            // An ask Roo showed and no longer waits on: a second tap, or an answer from elsewhere first.
            throw new RelayException(
                    ErrorCode.STALE_ASK,
                    "this ask was already answered (task " + request.taskId() + ", ts " + request.askTs() + ")"
                            + (ask == null
                                    ? "; Roo waits on nothing now"
                                    : "; Roo now waits on a " + ask.kind + " ask (ts " + ask.ts + ")"));
        }
        if (ask != null) {
            throw new RelayException(
                    ErrorCode.STALE_ASK,
                    "the ask you named (task " + request.taskId() + ", ts " + request.askTs()
                            + ") is not the pending one; the pending ask is " + ask.kind + " (task " + ask.taskId
                            + ", ts " + ask.ts + ")");
        }
        String current = tracker.currentTaskId();
        if (current != null && tracker.state(current) == TaskState.RUNNING) {
            throw new RelayException(
                    ErrorCode.ROO_BUSY,
                    "Roo is working on task " + current + " and waits on no ask; a message now would be"
                            + " queued and could approve its next tool ask, so it was not sent");
        }
        throw new RelayException(
                ErrorCode.NO_PENDING_ASK,
                "no ask is pending in session '" + log.sessionId() + "' for task " + request.taskId());
    }

    private static boolean isApproval(AskKind kind) {
        return AskKind.TOOL.equals(kind) || AskKind.COMMAND.equals(kind) || AskKind.USE_MCP_SERVER.equals(kind);
    }
}
