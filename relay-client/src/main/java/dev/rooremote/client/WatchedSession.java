package dev.rooremote.client;

import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.ClineMessage;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A session the client watches: the protocol's {@link SessionState}, fed by the relay's snapshot
 * and events, so transcripts are rebuilt from deltas exactly as Roo had them. The client's event
 * thread writes it; any thread may read it.
 */
public final class WatchedSession {

    private final String sessionId;
    private SessionState state;
    private long lastSeq;

    WatchedSession(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The number of the last event applied (or of the snapshot the state started from). */
    public synchronized long seq() {
        return lastSeq;
    }

    /** False until the first snapshot (or, when watching from a sequence number, the subscription) arrived. */
    public synchronized boolean ready() {
        return state != null;
    }

    /** Reads the state under the session's lock; {@code reader} must not keep the state. */
    public synchronized <T> T read(Function<SessionState, T> reader) {
        if (state == null) {
            throw new IllegalStateException("session '" + sessionId + "' has no state yet: wait for its snapshot");
        }
        return reader.apply(state);
    }

    public SessionInfo info() {
        return read(SessionState::info);
    }

    public SessionSnapshot snapshot() {
        return read(SessionState::snapshot);
    }

    public Optional<PendingAsk> pendingAsk() {
        return read(SessionState::pendingAsk);
    }

    public Optional<String> currentTaskId() {
        return read(SessionState::currentTaskId);
    }

    public Optional<TaskSummary> task(String taskId) {
        return read(s -> s.task(taskId));
    }

    /** Every task this client knows of, newest first. */
    public List<TaskSummary> history() {
        return read(SessionState::history);
    }

    /** A task's messages as rebuilt from the relay's events, in order. */
    public Optional<List<ClineMessage>> transcript(String taskId) {
        return read(s -> s.transcript(taskId));
    }

    synchronized void reset(SessionState newState, long seq) {
        this.state = newState;
        this.lastSeq = seq;
    }

    /** 1: applied; 0: a duplicate; -1: a gap (events missing before it). */
    synchronized int offer(long seq, long time, SessionEvent event) {
        if (seq <= lastSeq) {
            return 0;
        }
        if (seq != lastSeq + 1 && !announcesSkipFrom(lastSeq, seq, event)) {
            return -1;
        }
        state.apply(seq, time, event);
        lastSeq = seq;
        return 1;
    }

    /** Whether {@code event} says that exactly the numbers between {@code lastSeq} and {@code seq} were skipped. */
    private static boolean announcesSkipFrom(long lastSeq, long seq, SessionEvent event) {
        return event instanceof SessionEvent.EventsSkipped skip
                && skip.first() == lastSeq + 1
                && skip.last() == seq - 1;
    }
}
