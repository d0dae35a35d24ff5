package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.relay.events.EventLog;
import java.util.function.Function;

/** One session's part of the event log, as the session's own classes append to it and read it. */
record SessionLog(String sessionId, EventLog log) {

    void append(SessionEvent event) {
        log.append(sessionId, event);
    }

    <T> T read(Function<SessionState, T> reader) {
        return log.read(sessionId, reader);
    }
}
