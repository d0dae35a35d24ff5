package dev.rooremote.relay.events;

import dev.rooremote.protocol.relay.ServerMessage;
import java.util.List;

/**
 * Where session events are kept so they survive a restart. The embedded database is the default;
 * a server database can implement the same interface.
 */
public interface EventStore extends AutoCloseable {

    /**
     * Persists one event. Called in sequence order per session. An implementation may commit
     * appended events in groups shortly after returning, but {@link #load} and {@link #close} must
     * first see every event appended before them.
     */
    void append(ServerMessage.Event event);

    /** Up to {@code limit} events of a session with a sequence number above {@code afterSeq}, in order. */
    List<ServerMessage.Event> load(String sessionId, long afterSeq, int limit);

    @Override
    void close();
}
