package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.AskCategory;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.roo.RooEndpoint;
import java.util.List;

/**
 * Answers to Roo's open ask (send_message, answer_ask, deny), under the safety rules: a typed message
 * reaches Roo only while the task waits on an ask that a typed message answers, and only for the ask
 * the client names. A message sent to a busy Roo is queued and later drains as the approval of the next
 * tool ask (Zoo-Code#998), so everything else is refused without sending anything.
 *
 * <p>Confined to the session thread; the caller has checked that Roo is connected.
 */
final class AskAnswers {

    private final SessionLog log;
    private final RooEndpoint endpoint;
    private final TaskTracker tracker;
    private final ImageLimits images;

    AskAnswers(SessionLog log, RooEndpoint endpoint, TaskTracker tracker, ImageLimits images) {
        this.log = log;
        this.endpoint = endpoint;
        this.tracker = tracker;
        this.images = images;
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
        endpoint.send(new TaskCommand.SendMessage(text, attached.isEmpty() ? null : attached));
        ask.answerSent = true;
        log.append(new SessionEvent.UserAction(caller.name(), action, ask.taskId, SessionRequests.shorten(text)));
    }

    /** Rejects the named tool or command approval with feedback, once Roo shows it waits on it. */
    void deny(Caller caller, ClientMessage.Deny request) {
        TaskTracker.OpenAsk ask = requireNamedAsk(request);
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
        log.append(new SessionEvent.UserAction(caller.name(), "deny", ask.taskId, SessionRequests.shorten(feedback)));
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
        if (ask != null) {
            throw new RelayException(
                    ErrorCode.STALE_ASK,
                    "the ask you named (task " + request.taskId() + ", ts " + request.askTs()
                            + ") is not the pending one; the pending ask is " + ask.kind + " (task " + ask.taskId
                            + ", ts " + ask.ts + ")");
        }
        boolean seen = log.read(s -> s.message(request.taskId(), request.askTs())
                .map(ClineMessage::isAsk)
                .orElse(false));
        if (seen) {
            throw new RelayException(
                    ErrorCode.STALE_ASK,
                    "the ask you named (task " + request.taskId() + ", ts " + request.askTs()
                            + ") was already answered or is gone");
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
