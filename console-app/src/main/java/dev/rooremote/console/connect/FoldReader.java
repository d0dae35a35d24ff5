package dev.rooremote.console.connect;

import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.ClineMessage;
import java.util.List;
import java.util.Objects;

/**
 * Reads one watched session's fold, right after each snapshot or event, into the {@link RelayUpdate}
 * a link delivers. It runs where the fold is written (the connection's thread), so the FX thread
 * only ever sees immutable values. It remembers the current task it last reported, to send a whole
 * transcript only when another task becomes the current one.
 */
public final class FoldReader {

    private String current;

    public RelayUpdate.Reset reset(String sessionId, SessionSnapshot snapshot) {
        current = taskId(snapshot.info());
        return new RelayUpdate.Reset(sessionId, snapshot);
    }

    /** {@code after} is the fold with {@code event} applied; it is only read, and not kept. */
    public RelayUpdate.Applied applied(ServerMessage.Event event, SessionState after) {
        SessionInfo info = after.info();
        String now = taskId(info);
        List<ClineMessage> messages =
                Objects.equals(now, current) ? null : after.transcript(now).orElse(List.of());
        current = now;
        ClineMessage message = event.event() instanceof SessionEvent.Message m
                ? after.message(m.taskId(), m.message().ts()).orElse(null)
                : null;
        return new RelayUpdate.Applied(
                event,
                new RelayUpdate.Folded(info, after.mode().orElse(null), after.modes(), after.queued()),
                message,
                messages);
    }

    private static String taskId(SessionInfo info) {
        return info.task() == null ? null : info.task().taskId();
    }
}
