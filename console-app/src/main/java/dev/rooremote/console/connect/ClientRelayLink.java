package dev.rooremote.console.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.client.ConnectionState;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.client.SessionListener;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link RelayLink} over the client library's {@link RelayClient}: each call is the client's own, and
 * each watched session's {@link WatchedSession} is the one fold of its events, read by a
 * {@link FoldReader} on the client's event thread. The client resumes every watched session after a
 * reconnect, so each event arrives once and in order.
 */
final class ClientRelayLink implements RelayLink {

    private final RelayClient client;
    private final ClientRelayConnector.RememberedLogin login;
    private volatile Listener listener;
    private volatile ServerMessage.Welcome welcome;

    ClientRelayLink(RelayClient client, ClientRelayConnector.RememberedLogin login) {
        this.client = client;
        this.login = login;
    }

    void welcomed(ServerMessage.Welcome welcome) {
        this.welcome = welcome;
    }

    @Override
    public String url() {
        return client.url();
    }

    @Override
    public String user() {
        return welcome.user();
    }

    @Override
    public Role role() {
        return welcome.role();
    }

    @Override
    public List<SessionInfo> sessions() {
        return welcome.sessions();
    }

    @Override
    public Optional<String> refreshToken() {
        return Optional.ofNullable(login.refreshToken());
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
        client.addConnectionListener(state -> listener.onState(translate(state)));
        client.addSessionsListener(sessions -> listener.onUpdate(new RelayUpdate.Sessions(sessions)));
    }

    private static LinkState translate(ConnectionState state) {
        switch (state.status()) {
            case CONNECTED:
                return LinkState.connected();
            case RECONNECTING:
                return new LinkState(
                        LinkState.Phase.RECONNECTING,
                        state.retryIn() == null ? null : Instant.now().plus(state.retryIn()),
                        state.reason());
            case FAILED:
                return new LinkState(LinkState.Phase.FAILED, null, state.reason());
            case CLOSED:
                return new LinkState(LinkState.Phase.CLOSED, null, state.reason());
            default:
                return new LinkState(LinkState.Phase.CONNECTING, null, state.reason());
        }
    }

    @Override
    public CompletableFuture<Void> watch(String sessionId) {
        FoldReader reader = new FoldReader();
        SessionListener forward = new SessionListener() {
            @Override
            public void onSnapshot(WatchedSession session, long seq, SessionSnapshot snapshot) {
                listener.onUpdate(reader.reset(sessionId, snapshot));
            }

            @Override
            public void onEvent(WatchedSession session, ServerMessage.Event event) {
                listener.onUpdate(session.read(state -> reader.applied(event, state)));
            }
        };
        CompletableFuture<Void> previous = client.watched(sessionId).isPresent()
                ? client.unsubscribe(sessionId)
                : CompletableFuture.completedFuture(null);
        return previous.thenCompose(v -> client.subscribe(sessionId, forward)).thenApply(s -> null);
    }

    @Override
    public CompletableFuture<String> startTask(String sessionId, String text, List<String> images, String mode) {
        return refusals(client.startTask(sessionId, text, images, mode));
    }

    @Override
    public CompletableFuture<Void> sendMessage(
            String sessionId, String taskId, long askTs, String text, List<String> images) {
        return refusals(client.sendMessage(sessionId, taskId, askTs, text, images));
    }

    @Override
    public CompletableFuture<Void> answerAsk(String sessionId, String taskId, long askTs, String answer) {
        return refusals(client.answerAsk(sessionId, taskId, askTs, answer));
    }

    @Override
    public CompletableFuture<Void> approve(String sessionId, String taskId, long askTs) {
        return refusals(client.approve(sessionId, taskId, askTs));
    }

    @Override
    public CompletableFuture<Void> deny(String sessionId, String taskId, long askTs, String feedback) {
        return refusals(client.deny(sessionId, taskId, askTs, feedback));
    }

    @Override
    public CompletableFuture<Void> cancel(String sessionId, String taskId) {
        return refusals(client.cancel(sessionId, taskId));
    }

    @Override
    public CompletableFuture<String> resume(String sessionId, String taskId) {
        return refusals(client.resume(sessionId, taskId));
    }

    @Override
    public CompletableFuture<AckResult.PairingCode> createPairingCode() {
        return refusals(client.createPairingCode());
    }

    @Override
    public CompletableFuture<AckResult.Settings> getSettings(String sessionId) {
        return refusals(client.getSettings(sessionId));
    }

    @Override
    public CompletableFuture<AckResult.Settings> updateSettings(String sessionId, Map<String, JsonNode> changes) {
        return refusals(client.updateSettings(sessionId, changes));
    }

    @Override
    public CompletableFuture<AckResult.Profiles> profiles(String sessionId) {
        return refusals(client.profiles(sessionId));
    }

    @Override
    public CompletableFuture<AckResult.Profiles> useProfile(String sessionId, String name) {
        return refusals(client.useProfile(sessionId, name));
    }

    @Override
    public CompletableFuture<List<TaskSummary>> history(String sessionId) {
        return refusals(client.history(sessionId));
    }

    @Override
    public CompletableFuture<AckResult.Transcript> transcript(String sessionId, String taskId) {
        return refusals(client.transcript(sessionId, taskId));
    }

    @Override
    public CompletableFuture<Void> deleteQueuedMessage(String sessionId, String messageId) {
        return refusals(client.deleteQueuedMessage(sessionId, messageId));
    }

    /** The relay's refusals become {@link RequestFailedException}s; other failures pass unwrapped. */
    private static <T> CompletableFuture<T> refusals(CompletableFuture<T> future) {
        return future.exceptionallyCompose(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RelayErrorException relay) {
                return CompletableFuture.failedFuture(new RequestFailedException(relay.code(), relay.getMessage()));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    @Override
    public CompletableFuture<Long> ping() {
        return client.ping().thenApply(d -> Math.max(0, d.toMillis()));
    }

    @Override
    public void close() {
        client.close();
    }
}
