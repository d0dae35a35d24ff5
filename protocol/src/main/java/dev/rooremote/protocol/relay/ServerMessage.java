package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** A frame the relay sends to a client. See {@code protocol/PROTOCOL.md}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = ServerMessage.Unknown.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ServerMessage.Snapshot.class, name = "snapshot"),
    @JsonSubTypes.Type(value = ServerMessage.Event.class, name = "event"),
    @JsonSubTypes.Type(value = ServerMessage.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerMessage.SessionAdded.class, name = "session_added"),
    @JsonSubTypes.Type(value = ServerMessage.SessionRemoved.class, name = "session_removed"),
    @JsonSubTypes.Type(value = ServerMessage.SessionStatus.class, name = "session_status"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerMessage {

    /**
     * The answer to {@link ClientMessage.Hello}: who the caller is and the sessions it may see.
     *
     * @param id the hello's id
     * @param protocol the protocol version the relay speaks
     * @param relayVersion the relay's release
     * @param user the authenticated user or agent token name
     * @param sessions the sessions this caller may see
     */
    record Welcome(String id, int protocol, String relayVersion, String user, Role role, List<SessionInfo> sessions)
            implements ServerMessage {
        public Welcome {
            Ids.require(user, "user");
            Ids.require(role, "role");
            sessions = sessions == null ? List.of() : List.copyOf(sessions);
        }
    }

    /** A session's whole state as of sequence number {@code seq}; events after it follow. */
    record Snapshot(String sessionId, long seq, SessionSnapshot snapshot) implements ServerMessage {
        public Snapshot {
            Ids.requireId(sessionId, "sessionId");
            Ids.require(snapshot, "snapshot");
        }
    }

    /**
     * One event of a session's log. Sequence numbers start at 1 and grow by one per session; a
     * client that sees a gap has missed events and resubscribes from its last number.
     *
     * @param time epoch milliseconds when the relay logged it
     */
    record Event(String sessionId, long seq, long time, SessionEvent event) implements ServerMessage {
        public Event {
            Ids.requireId(sessionId, "sessionId");
            if (seq < 1) {
                throw new IllegalArgumentException("'seq' starts at 1");
            }
            Ids.require(event, "event");
        }
    }

    /** A request succeeded. {@code result} is present for requests that return data. */
    record Ack(String id, AckResult result) implements ServerMessage {
        public Ack {
            Ids.require(id, "id");
        }
    }

    /**
     * A request failed, or (without {@code id}) the connection has a problem. {@code code} is
     * stable; {@code message} says what was wrong and what to do.
     */
    record Error(String id, ErrorCode code, String message, String sessionId) implements ServerMessage {
        public Error {
            Ids.require(code, "code");
            Ids.require(message, "message");
        }

        public static Error of(String id, ErrorCode code, String message) {
            return new Error(id, code, message, null);
        }
    }

    /** A session appeared (sent to every connected client that may see it). */
    record SessionAdded(SessionInfo session) implements ServerMessage {
        public SessionAdded {
            Ids.require(session, "session");
        }
    }

    record SessionRemoved(String sessionId) implements ServerMessage {
        public SessionRemoved {
            Ids.requireId(sessionId, "sessionId");
        }
    }

    /**
     * A session's connection, task state or pending ask changed (sent to every connected client that
     * may see it, subscribed or not, so session lists stay current).
     */
    record SessionStatus(SessionInfo session) implements ServerMessage {
        public SessionStatus {
            Ids.require(session, "session");
        }
    }

    /** A frame of a type this side does not know (sent by a newer relay); ignored. */
    record Unknown() implements ServerMessage {}
}
