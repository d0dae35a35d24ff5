package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.ToolAsk;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Helpers shared by the commands. */
final class Commands {

    private Commands() {}

    /** Waits for a request (the client's own timeout bounds it) and rethrows its failure as is. */
    static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = ExitCodes.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** The session as the relay lists it, or an unknown_session error naming the ones there are. */
    static SessionInfo session(RelayClient client, String sessionId) throws InterruptedException {
        List<SessionInfo> sessions = await(client.sessions());
        return sessions.stream()
                .filter(s -> s.sessionId().equals(sessionId))
                .findFirst()
                .orElseThrow(() -> new RelayErrorException(
                        ErrorCode.UNKNOWN_SESSION,
                        "no session '" + sessionId + "'"
                                + (sessions.isEmpty()
                                        ? ""
                                        : "; there are: "
                                                + String.join(
                                                        ", ",
                                                        sessions.stream()
                                                                .map(SessionInfo::sessionId)
                                                                .toList())),
                        null,
                        sessionId));
    }

    /** The session's pending ask, or a no_pending_ask error that says what the task is doing. */
    static PendingAsk pendingAsk(SessionInfo session) {
        PendingAsk ask = session.pendingAsk();
        if (ask == null) {
            String state = session.task() == null
                    ? "has no task"
                    : "task " + session.task().taskId() + " is "
                            + session.task().state().wire();
            throw new RelayErrorException(
                    ErrorCode.NO_PENDING_ASK,
                    "session '" + session.sessionId() + "' has no pending ask (" + state + "); nothing to answer",
                    null,
                    session.sessionId());
        }
        return ask;
    }

    static String describeAsk(PendingAsk ask) {
        String text = ask.text() == null ? "" : ask.text();
        if (ask.isFollowup()) {
            FollowupQuestion q = FollowupQuestion.parse(text).orElse(new FollowupQuestion(text, List.of()));
            String suggestions = q.suggestions().isEmpty()
                    ? ""
                    : " ["
                            + String.join(
                                    " | ",
                                    q.suggestions().stream()
                                            .map(FollowupQuestion.Suggestion::answer)
                                            .toList())
                            + "]";
            return "followup: " + q.question() + suggestions;
        }
        if ("tool".equals(ask.ask())) {
            return ToolAsk.parse(text)
                    .map(t -> "tool: " + t.toolOpt().orElse("?")
                            + t.pathOpt().map(p -> " " + p).orElse(""))
                    .orElse("tool");
        }
        if ("command".equals(ask.ask())) {
            return "command: " + text.strip();
        }
        return ask.ask() + (text.isBlank() ? "" : ": " + text.strip());
    }
}
