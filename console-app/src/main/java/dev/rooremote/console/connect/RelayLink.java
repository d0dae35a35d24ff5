package dev.rooremote.console.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.TaskSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One live connection to a relay, as the console uses it: the client library's calls, and what the
 * library makes of the relay's pushes. {@link ClientRelayLink} is it over the client library.
 *
 * <p>A call the relay refuses fails with a {@link RequestFailedException} carrying the relay's error
 * code. Listener calls arrive on the connection's own thread, never the FX thread; the console moves
 * them over with its coalescing bridge.
 */
public interface RelayLink extends AutoCloseable {

    /** Receives what the relay pushes and the connection's state. */
    interface Listener {
        /** The session list changed, or a watched session's fold took a snapshot or an event. */
        void onUpdate(RelayUpdate update);

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
     * Watches a session: a {@link RelayUpdate.Reset} followed by live {@link RelayUpdate.Applied}
     * updates reaches the listener. Calling it again for a watched session starts it over from a
     * fresh snapshot.
     */
    CompletableFuture<Void> watch(String sessionId);

    /** Starts a task; completes with its id. Images are data URLs; {@code mode} may be null. */
    CompletableFuture<String> startTask(String sessionId, String text, List<String> images, String mode);

    /** A typed message for the pending ask named by {@code taskId} and {@code askTs}. */
    CompletableFuture<Void> sendMessage(String sessionId, String taskId, long askTs, String text, List<String> images);

    CompletableFuture<Void> answerAsk(String sessionId, String taskId, long askTs, String answer);

    CompletableFuture<Void> approve(String sessionId, String taskId, long askTs);

    /** Rejects a pending tool or command ask; {@code feedback} (may be null) goes to Roo. */
    CompletableFuture<Void> deny(String sessionId, String taskId, long askTs, String feedback);

    CompletableFuture<Void> cancel(String sessionId, String taskId);

    /** Reopens an earlier task; completes with its id. */
    CompletableFuture<String> resume(String sessionId, String taskId);

    /** A one-time pairing code for a phone, as the signed-in user (see {@code roo-relay pair}). */
    CompletableFuture<AckResult.PairingCode> createPairingCode();

    CompletableFuture<AckResult.Settings> getSettings(String sessionId);

    /** Sets each key to its value (a JSON null removes it); completes with the settings as now stored. */
    CompletableFuture<AckResult.Settings> updateSettings(String sessionId, Map<String, JsonNode> changes);

    /** Roo's provider profiles and the active one; needs a session with the {@code profiles} capability. */
    CompletableFuture<AckResult.Profiles> profiles(String sessionId);

    /** Makes {@code name} Roo's active provider profile, now and for every new task (admin). */
    CompletableFuture<AckResult.Profiles> useProfile(String sessionId, String name);

    /** The session's tasks, newest first. */
    CompletableFuture<List<TaskSummary>> history(String sessionId);

    CompletableFuture<AckResult.Transcript> transcript(String sessionId, String taskId);

    CompletableFuture<Void> deleteQueuedMessage(String sessionId, String messageId);

    /** Round trip to the relay and back, in milliseconds. */
    CompletableFuture<Long> ping();

    @Override
    void close();
}
