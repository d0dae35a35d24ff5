package dev.rooremote.console.connect;

import dev.rooremote.client.ConnectionState;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.client.SessionListener;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@link RelayLink} over the client library's {@link RelayClient}: requests map to its typed calls,
 * its per-session listeners and session list become the relay's own frames again. The client
 * resumes every watched session after a reconnect, so each event arrives once and in order.
 */
final class ClientRelayLink implements RelayLink {

    private final RelayClient client;
    private final ClientRelayConnector.RememberedLogin login;
    private final AtomicLong ids = new AtomicLong();
    private final Set<String> known = new HashSet<>();
    private volatile Listener listener;
    private volatile ServerMessage.Welcome welcome;

    ClientRelayLink(RelayClient client, ClientRelayConnector.RememberedLogin login) {
        this.client = client;
        this.login = login;
    }

    void welcomed(ServerMessage.Welcome welcome) {
        this.welcome = welcome;
        synchronized (known) {
            welcome.sessions().forEach(s -> known.add(s.sessionId()));
        }
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
        client.addSessionsListener(this::sessionList);
    }

    private void sessionList(List<SessionInfo> sessions) {
        Listener l = listener;
        Set<String> now = new HashSet<>();
        synchronized (known) {
            for (SessionInfo info : sessions) {
                now.add(info.sessionId());
                l.onMessage(
                        known.add(info.sessionId())
                                ? new ServerMessage.SessionAdded(info)
                                : new ServerMessage.SessionStatus(info));
            }
            for (String gone : new HashSet<>(known)) {
                if (!now.contains(gone)) {
                    known.remove(gone);
                    l.onMessage(new ServerMessage.SessionRemoved(gone));
                }
            }
        }
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
        SessionListener forward = new SessionListener() {
            @Override
            public void onSnapshot(WatchedSession session, long seq, SessionSnapshot snapshot) {
                listener.onMessage(new ServerMessage.Snapshot(sessionId, seq, snapshot));
            }

            @Override
            public void onEvent(WatchedSession session, ServerMessage.Event event) {
                listener.onMessage(event);
            }
        };
        CompletableFuture<Void> previous = client.watched(sessionId).isPresent()
                ? client.unsubscribe(sessionId)
                : CompletableFuture.completedFuture(null);
        return previous.thenCompose(v -> client.subscribe(sessionId, forward)).thenApply(s -> null);
    }

    @Override
    public String newRequestId() {
        return "c" + ids.incrementAndGet();
    }

    @Override
    public CompletableFuture<AckResult> request(ClientMessage r) {
        return translateErrors(dispatch(r));
    }

    private CompletableFuture<AckResult> dispatch(ClientMessage r) {
        if (r instanceof ClientMessage.StartTask m) {
            return client.startTask(m.sessionId(), m.text(), m.images(), m.mode())
                    .thenApply(AckResult.TaskStarted::new);
        } else if (r instanceof ClientMessage.SendMessage m) {
            return none(client.sendMessage(m.sessionId(), m.taskId(), m.askTs(), m.text(), m.images()));
        } else if (r instanceof ClientMessage.AnswerAsk m) {
            return none(client.answerAsk(m.sessionId(), m.taskId(), m.askTs(), m.answer()));
        } else if (r instanceof ClientMessage.Approve m) {
            return none(client.approve(m.sessionId(), m.taskId(), m.askTs()));
        } else if (r instanceof ClientMessage.Deny m) {
            return none(client.deny(m.sessionId(), m.taskId(), m.askTs(), m.feedback()));
        } else if (r instanceof ClientMessage.CancelTask m) {
            return none(client.cancel(m.sessionId(), m.taskId()));
        } else if (r instanceof ClientMessage.ResumeTask m) {
            return client.resume(m.sessionId(), m.taskId()).thenApply(AckResult.TaskStarted::new);
        } else if (r instanceof ClientMessage.GetSettings m) {
            return widen(client.getSettings(m.sessionId()));
        } else if (r instanceof ClientMessage.UpdateSettings m) {
            return widen(client.updateSettings(m.sessionId(), m.changes()));
        } else if (r instanceof ClientMessage.GetHistory m) {
            return client.history(m.sessionId()).thenApply(tasks -> new AckResult.History(m.sessionId(), tasks));
        } else if (r instanceof ClientMessage.GetTranscript m) {
            return widen(client.transcript(m.sessionId(), m.taskId()));
        } else if (r instanceof ClientMessage.DeleteQueuedMessage m) {
            return none(client.deleteQueuedMessage(m.sessionId(), m.messageId()));
        } else if (r instanceof ClientMessage.ListSessions) {
            return client.sessions().thenApply(AckResult.Sessions::new);
        } else if (r instanceof ClientMessage.Ping) {
            return client.ping().thenApply(d -> new AckResult.Pong(System.currentTimeMillis()));
        }
        // hello, subscribe and unsubscribe belong to the client library's own connection handling.
        return CompletableFuture.failedFuture(
                new IllegalArgumentException(r.getClass().getSimpleName() + " is handled by the connection itself"));
    }

    private static CompletableFuture<AckResult> none(CompletableFuture<Void> future) {
        return future.thenApply(v -> null);
    }

    private static <T extends AckResult> CompletableFuture<AckResult> widen(CompletableFuture<T> future) {
        return future.thenApply(Function.identity());
    }

    private static CompletableFuture<AckResult> translateErrors(CompletableFuture<AckResult> future) {
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
