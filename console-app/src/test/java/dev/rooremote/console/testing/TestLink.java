package dev.rooremote.console.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.console.connect.FoldReader;
import dev.rooremote.console.connect.LinkState;
import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.connect.RelayUpdate;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link RelayLink} for view-model unit tests. Every call is recorded as the protocol request it
 * stands for (numbered r1, r2, ...) and answered with what the test scripted (an ack by default).
 * Pushed snapshots and events are folded with protocol's {@link SessionState}, as the client
 * library's watched sessions do, and delivered as that fold's {@link RelayUpdate}s. End-to-end
 * behaviour is covered by the UI tests on a real relay.
 */
public final class TestLink implements RelayLink {

    public final List<ClientMessage> requests = new ArrayList<>();
    public final List<String> watched = new ArrayList<>();
    private final Role role;
    private final List<SessionInfo> sessions;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, SessionState> folds = new HashMap<>();
    private final Map<String, FoldReader> readers = new HashMap<>();
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

    /** The relay sends a session's snapshot: the fold starts over from it. */
    public synchronized void push(ServerMessage.Snapshot snapshot) {
        String id = snapshot.sessionId();
        folds.put(id, SessionState.fromSnapshot(snapshot.seq(), snapshot.snapshot()));
        listener.onUpdate(reader(id).reset(id, snapshot.snapshot()));
    }

    /** The relay sends a session's event: folded, and delivered unless it is a duplicate. */
    public synchronized void push(ServerMessage.Event event) {
        String id = event.sessionId();
        SessionState fold = folds.computeIfAbsent(id, this::emptyFold);
        if (fold.apply(event.seq(), event.time(), event.event())) {
            listener.onUpdate(reader(id).applied(event, fold));
        }
    }

    /** The relay's session list is now {@code listed}. */
    public void pushSessions(SessionInfo... listed) {
        listener.onUpdate(new RelayUpdate.Sessions(List.of(listed)));
    }

    /** Delivers the updates of {@code session}'s relay straight to it, for tests without a RelayViewModel. */
    public void feed(SessionViewModel session) {
        setListener(new Listener() {
            @Override
            public void onUpdate(RelayUpdate update) {
                if (update instanceof RelayUpdate.Reset reset
                        && reset.sessionId().equals(session.sessionId())) {
                    session.reset(reset);
                } else if (update instanceof RelayUpdate.Applied applied
                        && applied.sessionId().equals(session.sessionId())) {
                    session.applied(applied);
                }
            }

            @Override
            public void onState(LinkState state) {
                session.setLinkUp(state.isUp());
            }
        });
    }

    public void state(LinkState state) {
        listener.onState(state);
    }

    private FoldReader reader(String sessionId) {
        return readers.computeIfAbsent(sessionId, id -> new FoldReader());
    }

    private SessionState emptyFold(String sessionId) {
        return sessions.stream()
                .filter(s -> s.sessionId().equals(sessionId))
                .findFirst()
                .map(s -> new SessionState(sessionId, s.name(), s.endpoint(), s.capabilities()))
                .orElseGet(() -> new SessionState(sessionId, null, null, null));
    }

    private <T> CompletableFuture<T> call(ClientMessage request, Function<AckResult, T> result) {
        requests.add(request);
        return answer.apply(request).thenApply(r -> r == null ? null : result.apply(r));
    }

    private CompletableFuture<Void> call(ClientMessage request) {
        return call(request, r -> null);
    }

    private String id() {
        return "r" + ids.incrementAndGet();
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
    public CompletableFuture<String> startTask(String sessionId, String text, List<String> images, String mode) {
        return call(new ClientMessage.StartTask(id(), sessionId, text, images, mode), r -> ((AckResult.TaskStarted) r)
                .taskId());
    }

    @Override
    public CompletableFuture<Void> sendMessage(
            String sessionId, String taskId, long askTs, String text, List<String> images) {
        return call(new ClientMessage.SendMessage(id(), sessionId, taskId, askTs, text, images));
    }

    @Override
    public CompletableFuture<Void> answerAsk(String sessionId, String taskId, long askTs, String answer) {
        return call(new ClientMessage.AnswerAsk(id(), sessionId, taskId, askTs, answer));
    }

    @Override
    public CompletableFuture<Void> approve(String sessionId, String taskId, long askTs) {
        return call(new ClientMessage.Approve(id(), sessionId, taskId, askTs));
    }

    @Override
    public CompletableFuture<Void> deny(String sessionId, String taskId, long askTs, String feedback) {
        return call(new ClientMessage.Deny(id(), sessionId, taskId, askTs, feedback));
    }

    @Override
    public CompletableFuture<Void> cancel(String sessionId, String taskId) {
        return call(new ClientMessage.CancelTask(id(), sessionId, taskId));
    }

    @Override
    public CompletableFuture<String> resume(String sessionId, String taskId) {
        return call(new ClientMessage.ResumeTask(id(), sessionId, taskId), r -> ((AckResult.TaskStarted) r).taskId());
    }

    @Override
    public CompletableFuture<AckResult.PairingCode> createPairingCode() {
        requests.add(new ClientMessage.CreatePairingCode("pair"));
        return CompletableFuture.completedFuture(
                new AckResult.PairingCode("test-code", "/#pair=test-code", System.currentTimeMillis() + 300_000));
    }

    @Override
    public CompletableFuture<AckResult.Settings> getSettings(String sessionId) {
        return call(new ClientMessage.GetSettings(id(), sessionId), AckResult.Settings.class::cast);
    }

    @Override
    public CompletableFuture<AckResult.Settings> updateSettings(String sessionId, Map<String, JsonNode> changes) {
        return call(new ClientMessage.UpdateSettings(id(), sessionId, changes), AckResult.Settings.class::cast);
    }

    @Override
    public CompletableFuture<AckResult.Profiles> profiles(String sessionId) {
        return call(new ClientMessage.GetProfiles(id(), sessionId), AckResult.Profiles.class::cast);
    }

    @Override
    public CompletableFuture<AckResult.Profiles> useProfile(String sessionId, String name) {
        return call(new ClientMessage.UseProfile(id(), sessionId, name), AckResult.Profiles.class::cast);
    }

    @Override
    public CompletableFuture<List<TaskSummary>> history(String sessionId) {
        return call(new ClientMessage.GetHistory(id(), sessionId), r -> ((AckResult.History) r).tasks());
    }

    @Override
    public CompletableFuture<AckResult.Transcript> transcript(String sessionId, String taskId) {
        return call(new ClientMessage.GetTranscript(id(), sessionId, taskId), AckResult.Transcript.class::cast);
    }

    @Override
    public CompletableFuture<Void> deleteQueuedMessage(String sessionId, String messageId) {
        return call(new ClientMessage.DeleteQueuedMessage(id(), sessionId, messageId));
    }

    @Override
    public CompletableFuture<Long> ping() {
        return CompletableFuture.completedFuture(1L);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Whether {@link #close} was called. */
    public volatile boolean closed;
}
