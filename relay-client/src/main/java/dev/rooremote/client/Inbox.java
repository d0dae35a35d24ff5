package dev.rooremote.client;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands each frame of the current link to the part of the client that waits for it (the welcome
 * excepted: the connection takes that). Runs on the event thread.
 */
final class Inbox {

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());

    private final Requests requests;
    private final Watches watches;
    private final KnownSessions sessions;
    private final CopyOnWriteArrayList<Consumer<RelayErrorException>> errorListeners = new CopyOnWriteArrayList<>();

    Inbox(Requests requests, Watches watches, KnownSessions sessions) {
        this.requests = requests;
        this.watches = watches;
        this.sessions = sessions;
    }

    /** Called with errors the relay sent without naming a request. */
    void addErrorListener(Consumer<RelayErrorException> listener) {
        errorListeners.add(listener);
    }

    void route(ServerMessage message) {
        if (message instanceof ServerMessage.Event e) {
            watches.event(e);
        } else if (message instanceof ServerMessage.Snapshot s) {
            watches.snapshot(s);
        } else if (message instanceof ServerMessage.Ack a) {
            requests.answer(a);
        } else if (message instanceof ServerMessage.Error e) {
            error(e);
        } else if (message instanceof ServerMessage.SessionAdded a) {
            sessions.put(a.session());
        } else if (message instanceof ServerMessage.SessionStatus s) {
            sessions.put(s.session());
        } else if (message instanceof ServerMessage.SessionRemoved r) {
            sessions.remove(r.sessionId());
        }
        // Unknown frame types from a newer relay are skipped.
    }

    private void error(ServerMessage.Error error) {
        RelayErrorException failure = RelayErrorException.of(error);
        if (requests.refuse(error, failure)) {
            return;
        }
        watches.error(error.sessionId(), failure);
        errorListeners.forEach(l -> EventLoop.safely(() -> l.accept(failure)));
        if (error.code() != ErrorCode.SLOW_CONSUMER) {
            LOG.log(System.Logger.Level.WARNING, "relay error: " + error.code().wire() + ": " + error.message());
        }
    }
}
