package dev.rooremote.relay.events;

import dev.rooremote.protocol.relay.ServerMessage;
import java.util.List;

/**
 * Where session events are kept so they survive a restart. The embedded database is the default;
 * a server database can implement the same interface.
 */
public interface EventStore extends AutoCloseable {

    /** Persists one event. Called in sequence order per session; must be durable when it returns. */
    void append(ServerMessage.Event event);

    /** Up to {@code limit} events of a session with a sequence number above {@code afterSeq}, in order. */
    List<ServerMessage.Event> load(String sessionId, long afterSeq, int limit);

    @Override
    void close();
}
