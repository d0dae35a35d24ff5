package dev.rooremote.client;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The client's connection state as its listeners see it, and whether its owner closed it. */
final class ClientStatus {

    private final CopyOnWriteArrayList<Consumer<ConnectionState>> listeners = new CopyOnWriteArrayList<>();
    private volatile ConnectionState state = ConnectionState.of(ConnectionState.Status.IDLE);
    private volatile boolean closed;

    ConnectionState get() {
        return state;
    }

    /** Sets the state and tells the listeners (event thread); once closed, the state stays closed. */
    void set(ConnectionState next) {
        if (state.status() == ConnectionState.Status.CLOSED) {
            return;
        }
        state = next;
        listeners.forEach(l -> EventLoop.safely(() -> l.accept(next)));
    }

    void addListener(Consumer<ConnectionState> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<ConnectionState> listener) {
        listeners.remove(listener);
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** Why a request or a watch cannot be taken now (closed, never connected, gave up), or null. */
    RelayConnectionException refusal(RelayUrl url) {
        if (closed) {
            return new RelayConnectionException("the client is closed");
        }
        ConnectionState now = state;
        if (now.status() == ConnectionState.Status.FAILED || now.status() == ConnectionState.Status.IDLE) {
            return new RelayConnectionException("not connected to " + url
                    + (now.reason() == null ? ": call connect() first" : ": " + now.reason()));
        }
        return null;
    }
}
