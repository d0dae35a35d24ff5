package dev.rooremote.relay.events;

import dev.rooremote.protocol.relay.ServerMessage;
import java.util.List;
import java.util.Optional;

/**
 * Where session events are kept so they survive a restart. The embedded database is the default;
 * a server database can implement the same interface.
 */
public interface EventStore extends AutoCloseable {

    /**
     * Persists one event. Called in sequence order per session. An implementation may commit
     * appended events in groups shortly after returning, but {@link #load} and {@link #close} must
     * first see every event appended before them.
     *
     * @return false when the event was not kept: the store cannot store now and what it holds for later
     *     is full. The event still goes to the live watchers; the log notes the gap.
     */
    boolean append(ServerMessage.Event event);

    /**
     * How many events the previous run may have handed out without storing them: 0 when it closed the
     * store, otherwise at least the most events it could have held unstored (e.g. after {@code kill -9}).
     * The log numbers on past them, so that no number a client has seen is given to another event.
     */
    default long unstoredLastRun() {
        return 0;
    }

    /**
     * What keeps events from being stored now (a full disk, a failing database), for health checks;
     * empty while appends are stored. Live events still reach clients meanwhile.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /** Events appended but not stored yet. */
    default long unstored() {
        return 0;
    }

    /** Events this run could not keep (an outage outlasted what the store holds for later). */
    default long notKept() {
        return 0;
    }

    /** Up to {@code limit} events of a session with a sequence number above {@code afterSeq}, in order. */
    List<ServerMessage.Event> load(String sessionId, long afterSeq, int limit);

    @Override
    void close();
}
