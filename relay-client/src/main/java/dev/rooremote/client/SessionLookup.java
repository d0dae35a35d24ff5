package dev.rooremote.client;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import java.util.List;

/** Finding a session and its pending ask, with the errors that say what there is instead. */
public final class SessionLookup {

    private SessionLookup() {}

    /** The session named {@code sessionId}, or an unknown_session error naming the ones there are. */
    public static SessionInfo find(List<SessionInfo> sessions, String sessionId) {
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
    public static PendingAsk pendingAsk(SessionInfo session) {
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
}
