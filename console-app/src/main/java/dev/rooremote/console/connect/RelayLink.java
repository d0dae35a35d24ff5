package dev.rooremote.console.connect;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One live connection to a relay, as the console uses it. The console speaks relay protocol v1
 * types end to end; {@link ClientRelayLink} carries them over the client library.
 *
 * <p>Listener calls arrive on the connection's own thread, never the FX thread; the console moves
 * them over with its coalescing bridge.
 */
public interface RelayLink extends AutoCloseable {

    /** Receives what the relay pushes and the connection's state. */
    interface Listener {
        /** A snapshot, an event, or a session list change ({@code session_added/removed/status}). */
        void onMessage(ServerMessage message);

        void onState(LinkState state);
    }

    String url();

    String user();

    Role role();

    /** The sessions the relay listed when the connection was made. */
    List<SessionInfo> sessions();

    /** The refresh token to keep for "remember this connection", when the relay gave one. */
    Optional<String> refreshToken();

    void setListener(Listener listener);

    /**
     * Watches a session: a snapshot followed by live events reaches the listener. Calling it again
     * for a watched session asks for a fresh snapshot.
     */
    CompletableFuture<Void> watch(String sessionId);

    /** A fresh request id for {@link #request}. */
    String newRequestId();

    /**
     * Sends a request. Completes with the ack's result (null for plain acks) or fails with a
     * {@link RequestFailedException} carrying the relay's error code.
     */
    CompletableFuture<AckResult> request(ClientMessage request);

    /** Round trip to the relay and back, in milliseconds. */
    CompletableFuture<Long> ping();

    @Override
    void close();
}
