package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.relay.events.EventLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/** The sessions one client watches, each through its own watcher on the event log. */
final class Subscriptions {

    private final EventLog eventLog;
    private final Consumer<ServerMessage> send;
    private final IntSupplier room;
    private final Map<String, Consumer<ServerMessage>> watchers = new ConcurrentHashMap<>();

    /**
     * @param send queues a frame for the client
     * @param room how many more frames the client's queue takes
     */
    Subscriptions(EventLog eventLog, Consumer<ServerMessage> send, IntSupplier room) {
        this.eventLog = eventLog;
        this.send = send;
        this.room = room;
    }

    /**
     * Watches {@code sessionId} from after {@code fromSeq} (null: a snapshot first), replacing an
     * earlier subscription to it; returns the seq the client is now at.
     */
    long subscribe(String sessionId, Long fromSeq) {
        unsubscribe(sessionId);
        Long after = fromSeq;
        // A replay longer than the queue would only end in slow_consumer: a snapshot is smaller.
        if (after != null && eventLog.backlog(sessionId, after) > room.getAsInt() / 2) {
            after = null;
        }
        Consumer<ServerMessage> watcher = send::accept;
        watchers.put(sessionId, watcher);
        return eventLog.subscribe(sessionId, after, watcher);
    }

    void unsubscribe(String sessionId) {
        Consumer<ServerMessage> watcher = watchers.remove(sessionId);
        if (watcher != null) {
            eventLog.unsubscribe(sessionId, watcher);
        }
    }

    void clear() {
        watchers.forEach(eventLog::unsubscribe);
        watchers.clear();
    }
}
