package dev.rooremote.console.testing;

import dev.rooremote.console.connect.LinkState;
import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link RelayLink} for view-model unit tests: records every request and answers it with what the
 * test scripted (an ack by default). End-to-end behaviour is covered by the UI tests on a real relay.
 */
public final class TestLink implements RelayLink {

    public final List<ClientMessage> requests = new ArrayList<>();
    public final List<String> watched = new ArrayList<>();
    private final Role role;
    private final List<SessionInfo> sessions;
    private final AtomicInteger ids = new AtomicInteger();
    private Function<ClientMessage, CompletableFuture<AckResult>> answer = r -> CompletableFuture.completedFuture(null);
    private Listener listener;

    public TestLink(Role role, List<SessionInfo> sessions) {
        this.role = role;
        this.sessions = List.copyOf(sessions);
    }

    public void answerWith(Function<ClientMessage, CompletableFuture<AckResult>> answer) {
        this.answer = answer;
    }

    public <T extends ClientMessage> T last(Class<T> type) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (type.isInstance(requests.get(i))) {
                return type.cast(requests.get(i));
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " was sent; sent: " + requests);
    }

    public void push(ServerMessage message) {
        listener.onMessage(message);
    }

    public void state(LinkState state) {
        listener.onState(state);
    }

    @Override
    public String url() {
        return "wss://127.0.0.1:8443";
    }

    @Override
    public String user() {
        return "alice";
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public List<SessionInfo> sessions() {
        return sessions;
    }

    @Override
    public Optional<String> refreshToken() {
        return Optional.of("refresh-1");
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> watch(String sessionId) {
        watched.add(sessionId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String newRequestId() {
        return "r" + ids.incrementAndGet();
    }

    @Override
    public CompletableFuture<AckResult> request(ClientMessage request) {
        requests.add(request);
        return answer.apply(request);
    }

    @Override
    public CompletableFuture<Long> ping() {
        return CompletableFuture.completedFuture(1L);
    }

    @Override
    public void close() {}
}
