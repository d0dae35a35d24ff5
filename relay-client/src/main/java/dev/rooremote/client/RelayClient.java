package dev.rooremote.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskSummary;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A connection to a relay that survives disconnects: it logs in, pins the relay's certificate,
 * reconnects with capped exponential backoff and jitter, and resumes every watched session from
 * the last event it applied, so each {@link SessionListener} sees every event exactly once, in
 * order, across reconnects and relay restarts.
 *
 * <p>Threads: every callback (session listeners, connection and session-list listeners, and the
 * completion of every returned future) runs on one dedicated event thread per client, never on the
 * WebSocket library's I/O threads. Methods may be called from any thread and never block, except
 * {@link #close()}. Do not wait for a future inside a callback: it completes on the same thread.
 *
 * <p>Bounds: at most {@code maxBufferedFrames} received frames wait for the event thread; beyond
 * that the client drops the connection and resumes from its last applied event, as the relay does
 * with a slow client. At most {@code maxPendingRequests} requests may be unanswered.
 */
public final class RelayClient implements AutoCloseable {

    public static final String VERSION = Optional.ofNullable(
                    RelayClient.class.getPackage().getImplementationVersion())
            .orElse("0.1.0");

    private final RelayUrl url;
    private final AuthClient auth;
    private final EventLoop loop = new EventLoop();
    private final ClientStatus status = new ClientStatus();
    private final KnownSessions sessions = new KnownSessions();
    private final Dialer dialer;
    private final Requests requests;
    private final Watches watches;
    private final Connection connection;

    private RelayClient(ClientConfig config) {
        this.url = config.url();
        TlsTrust.Context tls = config.trust().newContext();
        this.auth =
                new AuthClient(url, tls, config.trust().verifiesHostName(), config.connectTimeout(), config.clock());
        this.dialer = new Dialer(config, tls);
        this.requests = new Requests(loop, status, url, config.requestTimeout(), config.maxPendingRequests());
        this.watches = new Watches(loop, status, requests, url, config.requestTimeout());
        this.connection = new Connection(
                config,
                loop,
                status,
                dialer,
                new TokenRefresher(config.credentials(), auth, config.clock(), loop),
                requests,
                watches,
                sessions);
    }

    public static Builder builder(String url) {
        return new Builder(RelayUrl.parse(url));
    }

    /** The relay's address as given, e.g. {@code wss://relay.example:8443}. */
    public String url() {
        return url.toString();
    }

    public AuthClient auth() {
        return auth;
    }

    // ------------------------------------------------------------------------------------------
    // Connection

    /**
     * Connects and says hello. The future completes with the relay's welcome, or fails with a
     * {@link RelayAuthenticationException}, a {@link FingerprintMismatchException} (as the cause of a
     * {@link RelayConnectionException}) or a {@link RelayConnectionException}. After the first
     * welcome the client reconnects by itself whenever the link drops.
     */
    public CompletableFuture<ServerMessage.Welcome> connect() {
        return connection.connect();
    }

    public ConnectionState connectionState() {
        return status.get();
    }

    /** Called on the event thread with every change of the connection state (and once now). */
    public void addConnectionListener(Consumer<ConnectionState> listener) {
        status.addListener(listener);
        loop.execute(() -> listener.accept(status.get()));
    }

    public void removeConnectionListener(Consumer<ConnectionState> listener) {
        status.removeListener(listener);
    }

    /** Called on the event thread with the whole session list whenever the relay reports a change. */
    public void addSessionsListener(Consumer<List<SessionInfo>> listener) {
        sessions.addListener(listener);
    }

    public void removeSessionsListener(Consumer<List<SessionInfo>> listener) {
        sessions.removeListener(listener);
    }

    /** Called on the event thread with errors the relay sent without naming a request. */
    public void addErrorListener(Consumer<RelayErrorException> listener) {
        connection.addErrorListener(listener);
    }

    /** The relay's last welcome: who this client is logged in as, and its role. */
    public Optional<ServerMessage.Welcome> welcome() {
        return sessions.welcome();
    }

    /** The sessions as the relay last reported them (welcome, then session status pushes). */
    public List<SessionInfo> knownSessions() {
        return sessions.list();
    }

    // ------------------------------------------------------------------------------------------
    // Watching sessions

    /**
     * Watches a session: the future completes with its snapshot; {@code listener} then gets every
     * event after it. The session's rebuilt state is {@link #watched(String)}.
     */
    public CompletableFuture<SessionSnapshot> subscribe(String sessionId, SessionListener listener) {
        return watches.watch(sessionId, null, listener).thenApply(Watch::initialSnapshot);
    }

    /**
     * Watches a session from event number {@code fromSeq}: {@code listener} gets every event after
     * it, then live events. The future completes with the relay's sequence number at subscription.
     * With {@code fromSeq} 0 the rebuilt state is complete; with a later number, messages started
     * before it are missing their beginning.
     */
    public CompletableFuture<Long> watchFrom(String sessionId, long fromSeq, SessionListener listener) {
        if (fromSeq < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("fromSeq must be 0 or more"));
        }
        return watches.watch(sessionId, fromSeq, listener).thenApply(Watch::subscribedSeq);
    }

    /** A session this client watches, with its rebuilt state. */
    public Optional<WatchedSession> watched(String sessionId) {
        return watches.watched(sessionId);
    }

    /**
     * The events of a watched session as a {@link Flow.Publisher} (after the subscription's
     * snapshot). Subscribers run on the client's event thread; one that falls more than
     * {@link Flow#defaultBufferSize()} events behind is failed with a {@link RelayConnectionException}.
     */
    public Flow.Publisher<ServerMessage.Event> events(String sessionId) {
        return watches.events(sessionId);
    }

    /** Stops watching a session. */
    public CompletableFuture<Void> unsubscribe(String sessionId) {
        return watches.unsubscribe(sessionId);
    }

    // ------------------------------------------------------------------------------------------
    // Requests

    /** The sessions this client may see, as the relay has them now. */
    public CompletableFuture<List<SessionInfo>> sessions() {
        return requests.request(ClientMessage.ListSessions::new, r -> Requests.result(r, AckResult.Sessions.class)
                .sessions());
    }

    /** Starts a task; completes with the task id once Roo created it. Images are data URLs. */
    public CompletableFuture<String> startTask(String sessionId, String text, List<String> images, String mode) {
        return requests.request(
                id -> new ClientMessage.StartTask(id, sessionId, text, images, mode),
                r -> Requests.result(r, AckResult.TaskStarted.class).taskId());
    }

    /** A typed message for the pending ask named by {@code taskId} and {@code askTs}. */
    public CompletableFuture<Void> sendMessage(
            String sessionId, String taskId, long askTs, String text, List<String> images) {
        return requests.request(
                id -> new ClientMessage.SendMessage(id, sessionId, taskId, askTs, text, images), r -> null);
    }

    /** Answers a pending followup question. */
    public CompletableFuture<Void> answerAsk(String sessionId, String taskId, long askTs, String answer) {
        return requests.request(id -> new ClientMessage.AnswerAsk(id, sessionId, taskId, askTs, answer), r -> null);
    }

    /** Approves a pending tool or command ask (needs the session's approve capability). */
    public CompletableFuture<Void> approve(String sessionId, String taskId, long askTs) {
        return requests.request(id -> new ClientMessage.Approve(id, sessionId, taskId, askTs), r -> null);
    }

    /** Rejects a pending tool or command ask, with feedback for Roo. */
    public CompletableFuture<Void> deny(String sessionId, String taskId, long askTs, String feedback) {
        return requests.request(id -> new ClientMessage.Deny(id, sessionId, taskId, askTs, feedback), r -> null);
    }

    /** Cancels the session's current task; with a task id, only if it is still the current one. */
    public CompletableFuture<Void> cancel(String sessionId, String taskId) {
        return requests.request(id -> new ClientMessage.CancelTask(id, sessionId, taskId), r -> null);
    }

    /** Reopens an earlier task; completes with its id once Roo reloaded it. */
    public CompletableFuture<String> resume(String sessionId, String taskId) {
        return requests.request(
                id -> new ClientMessage.ResumeTask(id, sessionId, taskId),
                r -> r instanceof AckResult.TaskStarted t ? t.taskId() : taskId);
    }

    public CompletableFuture<AckResult.Settings> getSettings(String sessionId) {
        return requests.request(
                id -> new ClientMessage.GetSettings(id, sessionId), r -> Requests.result(r, AckResult.Settings.class));
    }

    /** Sets each key to its value (a JSON null removes it); needs the admin role. */
    public CompletableFuture<AckResult.Settings> updateSettings(String sessionId, Map<String, JsonNode> changes) {
        return requests.request(
                id -> new ClientMessage.UpdateSettings(id, sessionId, changes),
                r -> Requests.result(r, AckResult.Settings.class));
    }

    /** Roo's provider profiles and the active one; needs a session with the {@code profiles} capability. */
    public CompletableFuture<AckResult.Profiles> profiles(String sessionId) {
        return requests.request(
                id -> new ClientMessage.GetProfiles(id, sessionId), r -> Requests.result(r, AckResult.Profiles.class));
    }

    /** Makes {@code name} Roo's active provider profile, now and for every new task; needs the admin role. */
    public CompletableFuture<AckResult.Profiles> useProfile(String sessionId, String name) {
        return requests.request(
                id -> new ClientMessage.UseProfile(id, sessionId, name),
                r -> Requests.result(r, AckResult.Profiles.class));
    }

    /** The session's tasks, newest first. */
    public CompletableFuture<List<TaskSummary>> history(String sessionId) {
        return requests.request(
                id -> new ClientMessage.GetHistory(id, sessionId),
                r -> Requests.result(r, AckResult.History.class).tasks());
    }

    /** A task's whole transcript as the relay has it. */
    public CompletableFuture<AckResult.Transcript> transcript(String sessionId, String taskId) {
        return requests.request(
                id -> new ClientMessage.GetTranscript(id, sessionId, taskId),
                r -> Requests.result(r, AckResult.Transcript.class));
    }

    public CompletableFuture<Void> deleteQueuedMessage(String sessionId, String messageId) {
        return requests.request(id -> new ClientMessage.DeleteQueuedMessage(id, sessionId, messageId), r -> null);
    }

    /**
     * A one-time code that signs a phone in as this client's user (once, within five minutes): the phone
     * opens the relay's address followed by the answer's {@code path}. Refused for agent tokens.
     */
    public CompletableFuture<AckResult.PairingCode> createPairingCode() {
        return requests.request(
                ClientMessage.CreatePairingCode::new, r -> Requests.result(r, AckResult.PairingCode.class));
    }

    /** The round trip to the relay. */
    public CompletableFuture<Duration> ping() {
        long start = System.nanoTime();
        return requests.request(ClientMessage.Ping::new, r -> Duration.ofNanos(System.nanoTime() - start));
    }

    // ------------------------------------------------------------------------------------------
    // Closing

    /** Disconnects, fails unanswered requests, and stops the client's threads. */
    @Override
    public void close() {
        if (status.closed()) {
            return;
        }
        status.markClosed();
        loop.shutdown(connection::close);
        dialer.shutdown();
    }

    /** Builds a {@link RelayClient}. */
    public static final class Builder {
        private final RelayUrl url;
        private Credentials credentials;
        private TlsTrust trust;
        private String clientName = "roo-relay-client/" + VERSION;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectInitial = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private Duration keepAlive = Duration.ofSeconds(20);
        private boolean retryFirstConnect;
        private int maxBufferedFrames = 10_000;
        private int maxPendingRequests = 1_000;
        private Clock clock = Clock.systemUTC();

        private Builder(RelayUrl url) {
            this.url = url;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Trust only the relay certificate with this SHA-256 fingerprint. */
        public Builder fingerprint(String fingerprint) {
            return trust(TlsTrust.pinned(fingerprint));
        }

        public Builder trust(TlsTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** How the client names itself in hello (e.g. {@code roo-agent/0.1.0}). */
        public Builder clientName(String clientName) {
            this.clientName = Objects.requireNonNull(clientName, "clientName");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Reconnect delays: doubling from {@code initial} up to {@code max}, each with jitter. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.reconnectInitial = positive(initial, "initial");
            this.reconnectMax = positive(max, "max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("the maximum reconnect delay is shorter than the initial one");
            }
            return this;
        }

        /** How often to ping the relay on an otherwise quiet link. */
        public Builder keepAlive(Duration interval) {
            this.keepAlive = positive(interval, "keepAlive");
            return this;
        }

        /** Keep retrying when the very first connection fails (by default {@link #connect()} fails then). */
        public Builder retryFirstConnect(boolean retry) {
            this.retryFirstConnect = retry;
            return this;
        }

        public Builder maxBufferedFrames(int max) {
            if (max < 16) {
                throw new IllegalArgumentException("maxBufferedFrames must be at least 16");
            }
            this.maxBufferedFrames = max;
            return this;
        }

        public Builder maxPendingRequests(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingRequests must be at least 1");
            }
            this.maxPendingRequests = max;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public RelayClient build() {
            return new RelayClient(config());
        }

        /**
         * The session list in one HTTPS request with these settings, without a client or a
         * WebSocket; see {@link SessionsOverHttps}.
         */
        public SessionsOverHttps sessionsOverHttps() {
            return new SessionsOverHttps(config());
        }

        private ClientConfig config() {
            if (credentials == null) {
                throw new IllegalStateException(
                        "no credentials: use Credentials.password, Credentials.token or Credentials.refreshToken");
            }
            if (trust == null) {
                trust = TlsTrust.system();
            }
            return new ClientConfig(
                    url,
                    credentials,
                    trust,
                    clientName,
                    requestTimeout,
                    connectTimeout,
                    reconnectInitial,
                    reconnectMax,
                    keepAlive,
                    retryFirstConnect,
                    maxBufferedFrames,
                    maxPendingRequests,
                    clock);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
