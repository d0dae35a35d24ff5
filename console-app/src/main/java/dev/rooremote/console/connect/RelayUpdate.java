package dev.rooremote.console.connect;

import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.roo.ClineMessage;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RelayLink} delivers: the relay's session list, or what the client library's fold of
 * a watched session made of a snapshot or an event. Immutable: made on the connection's thread, read
 * on the FX thread.
 */
public sealed interface RelayUpdate {

    /** The relay's sessions, as it lists them now. */
    record Sessions(List<SessionInfo> sessions) implements RelayUpdate {
        public Sessions {
            sessions = List.copyOf(sessions);
        }
    }

    /** The fold of a watched session started over from a snapshot (first watch, or the relay could not resume). */
    record Reset(String sessionId, SessionSnapshot snapshot) implements RelayUpdate {
        public Reset {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(snapshot, "snapshot");
        }

        public Folded folded() {
            return new Folded(snapshot.info(), snapshot.mode(), snapshot.modes(), snapshot.queued());
        }
    }

    /**
     * One event of a watched session, as the fold applied it.
     *
     * @param after the session as the event left it
     * @param message for a message event, the message as rebuilt from its deltas; otherwise null
     * @param current when the event made another task the current one, that task's messages; otherwise null
     */
    record Applied(ServerMessage.Event event, Folded after, ClineMessage message, List<ClineMessage> current)
            implements RelayUpdate {
        public Applied {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(after, "after");
            current = current == null ? null : List.copyOf(current);
        }

        public String sessionId() {
            return event.sessionId();
        }
    }

    /** A session's folded state apart from its messages. */
    record Folded(
            SessionInfo info, String mode, List<SessionEvent.Mode> modes, List<SessionEvent.QueuedMessage> queued) {
        public Folded {
            Objects.requireNonNull(info, "info");
            modes = List.copyOf(modes);
            queued = List.copyOf(queued);
        }
    }
}
