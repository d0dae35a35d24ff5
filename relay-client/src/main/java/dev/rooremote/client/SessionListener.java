package dev.rooremote.client;

import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionSnapshot;

/**
 * Receives one watched session's updates. All methods run on the client's event thread, one at a
 * time, in order; keep them short and never block in them (in particular, never wait for a
 * {@link RelayClient} future from inside a callback: that future is completed on this same thread).
 */
public interface SessionListener {

    /**
     * The session's whole state as of {@code seq}: first after subscribing, and again if the relay
     * had to replace it (its log no longer held the events after the client's last number).
     */
    default void onSnapshot(WatchedSession session, long seq, SessionSnapshot snapshot) {}

    /**
     * One event, already applied to {@code session}'s state. Each event arrives exactly once and in
     * sequence order, across reconnects and relay restarts.
     */
    void onEvent(WatchedSession session, ServerMessage.Event event);

    /** The relay reported a problem with this session (for example it was removed or access was withdrawn). */
    default void onError(WatchedSession session, RelayErrorException error) {}
}
