package dev.rooremote.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskSummary;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension;

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

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    public static final String VERSION = Optional.ofNullable(
                    RelayClient.class.getPackage().getImplementationVersion())
            .orElse("0.1.0");

    private final RelayUrl url;
    private final Credentials credentials;
    private final TlsTrust trust;
    private final TlsTrust.Context tls;
    private final AuthClient auth;
    private final String clientName;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Duration reconnectInitial;
    private final Duration reconnectMax;
    private final Duration keepAlive;
    private final boolean retryFirstConnect;
    private final int maxBufferedFrames;
    private final int maxPendingRequests;
    private final Clock clock;

    private final RelayCodec codec = new RelayCodec();
    private final ThreadPoolExecutor events;
    private final ThreadPoolExecutor connector;
    private final ScheduledThreadPoolExecutor timer;
    private final ClientManager manager;
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong requestIds = new AtomicLong();
    private final CopyOnWriteArrayList<Consumer<ConnectionState>> stateListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<List<SessionInfo>>> sessionListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<RelayErrorException>> errorListeners = new CopyOnWriteArrayList<>();

    // Owned by the event thread.
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    private final Map<String, SessionInfo> sessions = new LinkedHashMap<>();
    private Link current;
    private boolean welcomed;
    private boolean everConnected;
    private int failedAttempts;
    private CompletableFuture<ServerMessage.Welcome> firstWelcome;
    private ScheduledFuture<?> keepAliveTask;
    private ScheduledFuture<?> refreshTask;

    private final ConcurrentHashMap<String, WatchedSession> watched = new ConcurrentHashMap<>();
    private volatile ConnectionState state = ConnectionState.of(ConnectionState.Status.IDLE);
    private volatile ServerMessage.Welcome welcome;
    private volatile List<SessionInfo> sessionList = List.of();
    private volatile boolean closed;
    private volatile Credentials.AccessToken token;
    private volatile Thread eventThread;

    private RelayClient(Builder b) {
        this.url = b.url;
        this.credentials = b.credentials;
        this.trust = b.trust;
        this.tls = b.trust.newContext();
        this.clientName = b.clientName;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.reconnectInitial = b.reconnectInitial;
        this.reconnectMax = b.reconnectMax;
        this.keepAlive = b.keepAlive;
        this.retryFirstConnect = b.retryFirstConnect;
        this.maxBufferedFrames = b.maxBufferedFrames;
        this.maxPendingRequests = b.maxPendingRequests;
        this.clock = b.clock;
        this.auth = new AuthClient(url, tls, trust.verifiesHostName(), connectTimeout, clock);
        int n = INSTANCES.incrementAndGet();
        ThreadFactory eventThreads = daemon("roo-relay-client-" + n + "-events");
        this.events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = eventThreads.newThread(r);
            eventThread = t;
            return t;
        });
        this.connector = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("roo-relay-client-" + n + "-connect"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("roo-relay-client-" + n + "-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.manager = ClientManager.createClient();
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, connectTimeout.toMillis());
        manager.getProperties()
                .put(ClientProperties.INCOMING_BUFFER_SIZE, RelayProtocol.DEFAULT_MAX_FRAME_BYTES + 4096);
        manager.setDefaultMaxTextMessageBufferSize(RelayProtocol.DEFAULT_MAX_FRAME_BYTES);
        if (url.secure()) {
            SslEngineConfigurator ssl = new SslEngineConfigurator(tls.sslContext(), true, false, false);
            ssl.setHostVerificationEnabled(trust.verifiesHostName());
            manager.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR, ssl);
        }
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
        CompletableFuture<ServerMessage.Welcome> result = new CompletableFuture<>();
        onEvents(() -> {
            if (closed) {
                result.completeExceptionally(new RelayConnectionException("the client is closed"));
                return;
            }
            if (firstWelcome != null && !firstWelcome.isCompletedExceptionally()) {
                firstWelcome.whenComplete((w, e) -> complete(result, w, e));
                return;
            }
            firstWelcome = result;
            failedAttempts = 0;
            setState(ConnectionState.of(ConnectionState.Status.CONNECTING));
            connector.execute(() -> attempt(false));
        });
        return result;
    }

    public ConnectionState connectionState() {
        return state;
    }

    /** Called on the event thread with every change of the connection state (and once now). */
    public void addConnectionListener(Consumer<ConnectionState> listener) {
        stateListeners.add(listener);
        onEvents(() -> safely(() -> listener.accept(state)));
    }

    public void removeConnectionListener(Consumer<ConnectionState> listener) {
        stateListeners.remove(listener);
    }

    /** Called on the event thread with the whole session list whenever the relay reports a change. */
    public void addSessionsListener(Consumer<List<SessionInfo>> listener) {
        sessionListeners.add(listener);
    }

    /** Called on the event thread with errors the relay sent without naming a request. */
    public void addErrorListener(Consumer<RelayErrorException> listener) {
        errorListeners.add(listener);
    }

    /** The relay's last welcome: who this client is logged in as, and its role. */
    public Optional<ServerMessage.Welcome> welcome() {
        return Optional.ofNullable(welcome);
    }

    /** The sessions as the relay last reported them (welcome, then session status pushes). */
    public List<SessionInfo> knownSessions() {
        return sessionList;
    }

    private void attempt(boolean renewed) {
        if (closed) {
            return;
        }
        Link link = new Link();
        try {
            Credentials.AccessToken access = credentials.token(auth, renewed);
            token = access;
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .configurator(new ClientEndpointConfig.Configurator() {
                        @Override
                        public void beforeRequest(Map<String, List<String>> headers) {
                            headers.put("Authorization", List.of("Bearer " + access.value()));
                            headers.put("User-Agent", List.of(clientName));
                        }
                    })
                    // Streamed events repeat most of their envelope: compressed, a reply costs about its size.
                    .extensions(List.of(new PerMessageDeflateExtension()))
                    .build();
            manager.connectToServer(link, config, url.webSocket());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            if (httpStatus(e) == 401 && !renewed) {
                attempt(true);
                return;
            }
            onEvents(() -> attemptFailed(e));
        }
    }

    private void attemptFailed(Throwable e) {
        if (closed) {
            return;
        }
        Optional<FingerprintMismatchException> mismatch = tls.mismatch(e);
        int status = httpStatus(e);
        Throwable failure;
        boolean fatal;
        Duration retryAfter = null;
        if (mismatch.isPresent()) {
            failure = mismatch.get();
            fatal = true;
        } else if (e instanceof RelayAuthenticationException auth) {
            failure = auth;
            fatal = auth.httpStatus() != 429;
            retryAfter = auth.retryAfter().orElse(null);
        } else if (status == 401 || status == 403) {
            failure = new RelayAuthenticationException(
                    status,
                    "the relay refused the credentials (HTTP " + status
                            + "): log in again with 'roo-agent login' or pass a valid token",
                    null);
            fatal = true;
        } else {
            failure = new RelayConnectionException(
                    "cannot connect to " + url + ": " + describe(e) + (status > 0 ? " (HTTP " + status + ")" : ""), e);
            fatal = !everConnected && !retryFirstConnect;
        }
        if (fatal) {
            fail(failure);
            return;
        }
        scheduleReconnect(describe(failure), failure, retryAfter);
    }

    private void fail(Throwable failure) {
        setState(new ConnectionState(ConnectionState.Status.FAILED, null, describe(failure), failure));
        Throwable reported = failure instanceof RuntimeException
                ? failure
                : new RelayConnectionException(failure.getMessage(), failure);
        if (firstWelcome != null) {
            firstWelcome.completeExceptionally(reported);
        }
        failAllRequests(
                reported instanceof RelayConnectionException rce
                        ? rce
                        : new RelayConnectionException("the client gave up: " + reported.getMessage(), reported));
    }

    private void scheduleReconnect(String reason, Throwable failure, Duration retryAfter) {
        Duration delay =
                retryAfter != null ? retryAfter : Backoff.delay(failedAttempts, reconnectInitial, reconnectMax);
        failedAttempts++;
        setState(new ConnectionState(ConnectionState.Status.RECONNECTING, delay, reason, failure));
        timer.schedule(
                () -> onEvents(() -> {
                    if (closed || current != null) {
                        return;
                    }
                    setState(new ConnectionState(ConnectionState.Status.CONNECTING, null, reason, failure));
                    connector.execute(() -> attempt(false));
                }),
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One WebSocket connection; frames of replaced links are ignored. */
    private final class Link extends Endpoint {
        private volatile Session session;
        private volatile boolean dropping;
        private volatile long lastHeard = System.nanoTime();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            session.setMaxTextMessageBufferSize(RelayProtocol.DEFAULT_MAX_FRAME_BYTES);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
            onEvents(() -> opened(this));
        }

        private void onText(String text) {
            lastHeard = System.nanoTime();
            if (dropping) {
                return;
            }
            ServerMessage message;
            try {
                message = codec.decodeServer(text);
            } catch (ProtocolException e) {
                LOG.log(System.Logger.Level.WARNING, "ignoring a frame from the relay: " + e.getMessage());
                return;
            }
            if (queuedFrames.incrementAndGet() > maxBufferedFrames) {
                queuedFrames.decrementAndGet();
                dropping = true;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "listeners fell " + maxBufferedFrames + " frames behind; reconnecting to resume");
                connector.execute(() -> close(
                        new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "client fell behind; it will resume")));
                return;
            }
            onEvents(() -> {
                queuedFrames.decrementAndGet();
                received(this, message);
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            String phrase = reason.getReasonPhrase();
            String text = "connection closed (" + reason.getCloseCode().getCode()
                    + (phrase == null || phrase.isEmpty() ? "" : ": " + phrase) + ")";
            onEvents(() -> dropped(this, text, null));
        }

        @Override
        public void onError(Session session, Throwable error) {
            onEvents(() -> dropped(this, "connection failed: " + describe(error), error));
        }

        void close(CloseReason reason) {
            Session s = session;
            if (s == null) {
                return;
            }
            try {
                s.close(reason);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the WebSocket failed", e);
            }
        }

        void send(String text, Consumer<Throwable> onFailure) {
            Session s = session;
            if (s == null || !s.isOpen()) {
                onFailure.accept(new IOException("not connected"));
                return;
            }
            try {
                s.getAsyncRemote().sendText(text, result -> {
                    if (!result.isOK()) {
                        onFailure.accept(result.getException());
                    }
                });
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }
    }

    private void opened(Link link) {
        if (closed) {
            connector.execute(
                    () -> link.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "client closed")));
            return;
        }
        current = link;
        welcomed = false;
        Map<String, Long> resume = new LinkedHashMap<>();
        watches.values().forEach(w -> {
            if (w.session.ready() && w.started.isDone()) {
                resume.put(w.sessionId, w.session.seq());
            }
        });
        Pending hello =
                new Pending(new ClientMessage.Hello(nextId(), clientName, resume), new CompletableFuture<>(), true);
        pending.put(hello.message.id(), hello);
        link.send(
                codec.encode(hello.message),
                e -> onEvents(() -> dropped(link, "cannot send hello: " + describe(e), e)));
        hello.timeout = timer.schedule(
                () -> onEvents(() -> {
                    if (current == link && !welcomed) {
                        connector.execute(() -> link.close(
                                new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "no welcome from the relay")));
                        dropped(link, "the relay did not answer hello in time", null);
                    }
                }),
                requestTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void welcomed(Link link, ServerMessage.Welcome w) {
        welcomed = true;
        everConnected = true;
        failedAttempts = 0;
        if (w != null) {
            welcome = w;
            sessions.clear();
            w.sessions().forEach(s -> sessions.put(s.sessionId(), s));
            publishSessions();
        }
        setState(ConnectionState.of(ConnectionState.Status.CONNECTED));
        for (Watch watch : watches.values()) {
            if (!watch.session.ready() || !watch.started.isDone() || w == null) {
                sendSubscribe(watch);
            }
        }
        while (!waiting.isEmpty()) {
            send(waiting.poll());
        }
        scheduleKeepAlive(link);
        scheduleRefresh();
        if (firstWelcome != null && w != null) {
            firstWelcome.complete(w);
        }
    }

    private void dropped(Link link, String reason, Throwable cause) {
        if (link != current) {
            return;
        }
        current = null;
        welcomed = false;
        cancel(keepAliveTask);
        watches.values().forEach(w -> w.resyncing = false);
        List<Pending> inFlight = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : inFlight) {
            cancel(p.timeout);
            if (p.internal) {
                continue;
            }
            if (isRead(p.message)) {
                waiting.add(p);
            } else {
                p.future.completeExceptionally(
                        new RelayConnectionException("the connection to the relay dropped before it" + " answered '"
                                + type(p.message) + "' (" + reason + "); it may or may not have been carried out"));
            }
        }
        if (closed) {
            return;
        }
        if (!everConnected && !retryFirstConnect) {
            fail(new RelayConnectionException("cannot connect to " + url + ": " + reason, cause));
            return;
        }
        scheduleReconnect(reason, cause, null);
    }

    private void scheduleKeepAlive(Link link) {
        cancel(keepAliveTask);
        long period = keepAlive.toMillis();
        keepAliveTask = timer.scheduleAtFixedRate(
                () -> onEvents(() -> {
                    if (current != link || !welcomed) {
                        return;
                    }
                    long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - link.lastHeard);
                    if (silentMillis > 3 * period) {
                        connector.execute(
                                () -> link.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "relay silent")));
                        dropped(link, "the relay stopped answering", null);
                        return;
                    }
                    Pending ping = new Pending(new ClientMessage.Ping(nextId()), new CompletableFuture<>(), true);
                    send(ping);
                }),
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    private void scheduleRefresh() {
        cancel(refreshTask);
        Credentials.AccessToken access = token;
        if (access == null || access.expiresAt() == null) {
            return;
        }
        long millis = Duration.between(clock.instant(), access.expiresAt())
                .minus(Credentials.REFRESH_MARGIN)
                .plusSeconds(1)
                .toMillis();
        refreshTask = timer.schedule(
                () -> connector.execute(() -> {
                    try {
                        token = credentials.token(auth, false);
                        onEvents(this::scheduleRefresh);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        LOG.log(System.Logger.Level.WARNING, "refreshing the access token failed: " + describe(e));
                    }
                }),
                Math.max(1000, millis),
                TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------------------
    // Frames from the relay (event thread)

    private void received(Link link, ServerMessage message) {
        if (link != current || closed) {
            return;
        }
        if (message instanceof ServerMessage.Event e) {
            onEvent(e);
        } else if (message instanceof ServerMessage.Snapshot s) {
            onSnapshot(s);
        } else if (message instanceof ServerMessage.Ack a) {
            onAck(link, a);
        } else if (message instanceof ServerMessage.Error e) {
            onError(link, e);
        } else if (message instanceof ServerMessage.Welcome w) {
            Pending hello = w.id() == null ? null : pending.remove(w.id());
            if (hello != null) {
                cancel(hello.timeout);
            }
            if (!welcomed) {
                welcomed(link, w);
            }
        } else if (message instanceof ServerMessage.SessionAdded a) {
            sessions.put(a.session().sessionId(), a.session());
            publishSessions();
        } else if (message instanceof ServerMessage.SessionStatus s) {
            sessions.put(s.session().sessionId(), s.session());
            publishSessions();
        } else if (message instanceof ServerMessage.SessionRemoved r) {
            sessions.remove(r.sessionId());
            publishSessions();
        }
        // Unknown frame types from a newer relay are skipped.
    }

    private void onEvent(ServerMessage.Event e) {
        Watch watch = watches.get(e.sessionId());
        if (watch == null || !watch.session.ready()) {
            return;
        }
        int outcome = watch.session.offer(e.seq(), e.time(), e.event());
        if (outcome == 0) {
            return;
        }
        if (outcome < 0) {
            if (!watch.resyncing) {
                watch.resyncing = true;
                LOG.log(
                        System.Logger.Level.INFO,
                        "missed events of " + e.sessionId() + " after " + watch.session.seq() + "; resubscribing");
                sendSubscribe(watch);
            }
            return;
        }
        safely(() -> watch.listener.onEvent(watch.session, e));
        if (watch.publisher != null) {
            watch.publisher.offer(e, (subscriber, dropped) -> {
                LOG.log(System.Logger.Level.WARNING, "a subscriber to " + e.sessionId() + " fell behind; closing it");
                subscriber.onError(new RelayConnectionException("subscriber fell behind at seq " + e.seq()
                        + "; resubscribe with watchFrom(" + e.sessionId() + ", " + (e.seq() - 1) + ")"));
                return false;
            });
        }
    }

    private void onSnapshot(ServerMessage.Snapshot s) {
        Watch watch = watches.get(s.sessionId());
        if (watch == null) {
            return;
        }
        watch.session.reset(SessionState.fromSnapshot(s.seq(), s.snapshot()), s.seq());
        watch.resyncing = false;
        if (watch.initialSnapshot == null) {
            watch.initialSnapshot = s.snapshot();
        }
        safely(() -> watch.listener.onSnapshot(watch.session, s.seq(), s.snapshot()));
        completeSubscribe(watch);
    }

    private void onAck(Link link, ServerMessage.Ack ack) {
        Pending p = pending.remove(ack.id());
        if (p == null) {
            return;
        }
        cancel(p.timeout);
        if (p.message instanceof ClientMessage.Hello) {
            if (!welcomed) {
                welcomed(link, null);
            }
            return;
        }
        if (p.watch != null) {
            p.watch.acked = true;
            p.watch.resyncing = false;
            if (ack.result() instanceof AckResult.Subscribed sub) {
                p.watch.subscribedSeq = sub.seq();
            }
            completeSubscribe(p.watch);
            return;
        }
        p.future.complete(ack.result());
    }

    private void onError(Link link, ServerMessage.Error error) {
        RelayErrorException failure = RelayErrorException.of(error);
        Pending p = error.id() == null ? null : pending.remove(error.id());
        if (p == null) {
            Watch watch = error.sessionId() == null ? null : watches.get(error.sessionId());
            if (watch != null) {
                safely(() -> watch.listener.onError(watch.session, failure));
            }
            errorListeners.forEach(l -> safely(() -> l.accept(failure)));
            if (error.code() != ErrorCode.SLOW_CONSUMER) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "relay error: " + error.code().wire() + ": " + error.message());
            }
            return;
        }
        cancel(p.timeout);
        if (p.message instanceof ClientMessage.Hello) {
            // Without a welcome, resubscribe each watched session explicitly so each can fail on its own.
            LOG.log(System.Logger.Level.WARNING, "the relay refused hello: " + error.message());
            if (!welcomed) {
                welcomed(link, null);
            }
            return;
        }
        if (p.watch != null) {
            Watch watch = p.watch;
            watch.resyncing = false;
            if (!watch.started.isDone()) {
                watches.remove(watch.sessionId);
                watched.remove(watch.sessionId);
                watch.started.completeExceptionally(failure);
            } else {
                safely(() -> watch.listener.onError(watch.session, failure));
            }
            return;
        }
        p.future.completeExceptionally(failure);
    }

    private void completeSubscribe(Watch watch) {
        if (watch.started.isDone() || !watch.acked) {
            return;
        }
        if (watch.fromSeq == null) {
            if (watch.initialSnapshot != null) {
                watch.started.complete(watch.initialSnapshot);
            }
        } else {
            watch.started.complete(null);
        }
    }

    private void publishSessions() {
        List<SessionInfo> list = List.copyOf(sessions.values());
        sessionList = list;
        sessionListeners.forEach(l -> safely(() -> l.accept(list)));
    }

    // ------------------------------------------------------------------------------------------
    // Watching sessions

    /**
     * Watches a session: the future completes with its snapshot; {@code listener} then gets every
     * event after it. The session's rebuilt state is {@link #watched(String)}.
     */
    public CompletableFuture<SessionSnapshot> subscribe(String sessionId, SessionListener listener) {
        return watch(sessionId, null, listener).thenApply(o -> (SessionSnapshot) o);
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
        return watch(sessionId, fromSeq, listener).thenApply(o -> (Long) o);
    }

    private CompletableFuture<Object> watch(String sessionId, Long fromSeq, SessionListener listener) {
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (sessionId == null || sessionId.isBlank()) {
            result.completeExceptionally(new IllegalArgumentException("the session id is empty"));
            return result;
        }
        onEvents(() -> {
            if (closed) {
                result.completeExceptionally(new RelayConnectionException("the client is closed"));
                return;
            }
            ConnectionState.Status status = state.status();
            if (status == ConnectionState.Status.IDLE || status == ConnectionState.Status.FAILED) {
                result.completeExceptionally(new RelayConnectionException("not connected to " + url
                        + (state.reason() == null ? ": call connect() first" : ": " + state.reason())));
                return;
            }
            if (watches.containsKey(sessionId)) {
                result.completeExceptionally(
                        new IllegalStateException("already watching session '" + sessionId + "'; unsubscribe first"));
                return;
            }
            Watch watch = new Watch(sessionId, listener, fromSeq);
            if (fromSeq != null) {
                watch.session.reset(new SessionState(sessionId, null, null, null), fromSeq);
            }
            watch.started.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(fromSeq == null ? v : (Object) watch.subscribedSeq);
                }
            });
            watches.put(sessionId, watch);
            watched.put(sessionId, watch.session);
            if (current != null && welcomed) {
                sendSubscribe(watch);
            }
        });
        return result;
    }

    private void sendSubscribe(Watch watch) {
        Long from = watch.session.ready() ? Long.valueOf(watch.session.seq()) : watch.fromSeq;
        Pending p = new Pending(
                new ClientMessage.Subscribe(nextId(), watch.sessionId, from), new CompletableFuture<>(), true);
        p.watch = watch;
        send(p);
        if (!watch.started.isDone()) {
            cancel(watch.timeout);
            watch.timeout = timer.schedule(
                    () -> onEvents(() -> {
                        if (!watch.started.isDone() && watches.get(watch.sessionId) == watch) {
                            watches.remove(watch.sessionId);
                            watched.remove(watch.sessionId);
                            watch.started.completeExceptionally(new TimeoutException("the relay did not answer the"
                                    + " subscription to '" + watch.sessionId + "' within "
                                    + requestTimeout.toSeconds() + " s"));
                        }
                    }),
                    requestTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A session this client watches, with its rebuilt state. */
    public Optional<WatchedSession> watched(String sessionId) {
        return Optional.ofNullable(watched.get(sessionId));
    }

    /**
     * The events of a watched session as a {@link Flow.Publisher} (after the subscription's
     * snapshot). Subscribers run on the client's event thread; one that falls more than
     * {@link Flow#defaultBufferSize()} events behind is failed with a {@link RelayConnectionException}.
     */
    public Flow.Publisher<ServerMessage.Event> events(String sessionId) {
        CompletableFuture<SubmissionPublisher<ServerMessage.Event>> publisher = new CompletableFuture<>();
        onEvents(() -> {
            Watch watch = watches.get(sessionId);
            if (watch == null) {
                publisher.completeExceptionally(
                        new IllegalStateException("not watching session '" + sessionId + "': subscribe first"));
                return;
            }
            if (watch.publisher == null) {
                watch.publisher = new SubmissionPublisher<>(events, Flow.defaultBufferSize());
            }
            publisher.complete(watch.publisher);
        });
        return subscriber -> publisher.whenComplete((p, e) -> {
            if (e != null) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onError(e);
            } else {
                p.subscribe(subscriber);
            }
        });
    }

    /** Stops watching a session. */
    public CompletableFuture<Void> unsubscribe(String sessionId) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        onEvents(() -> {
            Watch watch = watches.remove(sessionId);
            watched.remove(sessionId);
            if (watch == null) {
                result.complete(null);
                return;
            }
            cancel(watch.timeout);
            if (watch.publisher != null) {
                watch.publisher.close();
            }
            if (current != null && welcomed) {
                Pending p = new Pending(
                        new ClientMessage.Unsubscribe(nextId(), sessionId), new CompletableFuture<>(), false);
                p.future.whenComplete((r, e) -> complete(result, null, e));
                send(p);
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    // ------------------------------------------------------------------------------------------
    // Requests

    /** The sessions this client may see, as the relay has them now. */
    public CompletableFuture<List<SessionInfo>> sessions() {
        return request(ClientMessage.ListSessions::new, r -> result(r, AckResult.Sessions.class)
                .sessions());
    }

    /** Starts a task; completes with the task id once Roo created it. Images are data URLs. */
    public CompletableFuture<String> startTask(String sessionId, String text, List<String> images, String mode) {
        return request(
                id -> new ClientMessage.StartTask(id, sessionId, text, images, mode),
                r -> result(r, AckResult.TaskStarted.class).taskId());
    }

    /** A typed message for the pending ask named by {@code taskId} and {@code askTs}. */
    public CompletableFuture<Void> sendMessage(
            String sessionId, String taskId, long askTs, String text, List<String> images) {
        return request(id -> new ClientMessage.SendMessage(id, sessionId, taskId, askTs, text, images), r -> null);
    }

    /** Answers a pending followup question. */
    public CompletableFuture<Void> answerAsk(String sessionId, String taskId, long askTs, String answer) {
        return request(id -> new ClientMessage.AnswerAsk(id, sessionId, taskId, askTs, answer), r -> null);
    }

    /** Approves a pending tool or command ask (needs the session's approve capability). */
    public CompletableFuture<Void> approve(String sessionId, String taskId, long askTs) {
        return request(id -> new ClientMessage.Approve(id, sessionId, taskId, askTs), r -> null);
    }

    /** Rejects a pending tool or command ask, with feedback for Roo. */
    public CompletableFuture<Void> deny(String sessionId, String taskId, long askTs, String feedback) {
        return request(id -> new ClientMessage.Deny(id, sessionId, taskId, askTs, feedback), r -> null);
    }

    /** Cancels the session's current task; with a task id, only if it is still the current one. */
    public CompletableFuture<Void> cancel(String sessionId, String taskId) {
        return request(id -> new ClientMessage.CancelTask(id, sessionId, taskId), r -> null);
    }

    /** Reopens an earlier task; completes with its id once Roo reloaded it. */
    public CompletableFuture<String> resume(String sessionId, String taskId) {
        return request(
                id -> new ClientMessage.ResumeTask(id, sessionId, taskId),
                r -> r instanceof AckResult.TaskStarted t ? t.taskId() : taskId);
    }

    public CompletableFuture<AckResult.Settings> getSettings(String sessionId) {
        return request(id -> new ClientMessage.GetSettings(id, sessionId), r -> result(r, AckResult.Settings.class));
    }

    /** Sets each key to its value (a JSON null removes it); needs the admin role. */
    public CompletableFuture<AckResult.Settings> updateSettings(String sessionId, Map<String, JsonNode> changes) {
        return request(
                id -> new ClientMessage.UpdateSettings(id, sessionId, changes),
                r -> result(r, AckResult.Settings.class));
    }

    /** The session's tasks, newest first. */
    public CompletableFuture<List<TaskSummary>> history(String sessionId) {
        return request(id -> new ClientMessage.GetHistory(id, sessionId), r -> result(r, AckResult.History.class)
                .tasks());
    }

    /** A task's whole transcript as the relay has it. */
    public CompletableFuture<AckResult.Transcript> transcript(String sessionId, String taskId) {
        return request(
                id -> new ClientMessage.GetTranscript(id, sessionId, taskId),
                r -> result(r, AckResult.Transcript.class));
    }

    public CompletableFuture<Void> deleteQueuedMessage(String sessionId, String messageId) {
        return request(id -> new ClientMessage.DeleteQueuedMessage(id, sessionId, messageId), r -> null);
    }

    /** The round trip to the relay. */
    public CompletableFuture<Duration> ping() {
        long start = System.nanoTime();
        return request(ClientMessage.Ping::new, r -> Duration.ofNanos(System.nanoTime() - start));
    }

    private <T> CompletableFuture<T> request(Function<String, ClientMessage> make, Function<AckResult, T> map) {
        ClientMessage message;
        try {
            message = make.apply(nextId());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Pending p = new Pending(message, new CompletableFuture<>(), false);
        onEvents(() -> submit(p));
        return p.future.thenApply(map);
    }

    private void submit(Pending p) {
        if (closed) {
            p.future.completeExceptionally(new RelayConnectionException("the client is closed"));
            return;
        }
        if (state.status() == ConnectionState.Status.FAILED || state.status() == ConnectionState.Status.IDLE) {
            p.future.completeExceptionally(new RelayConnectionException("not connected to " + url
                    + (state.reason() == null ? ": call connect() first" : ": " + state.reason())));
            return;
        }
        if (pending.size() + waiting.size() >= maxPendingRequests) {
            p.future.completeExceptionally(new RelayConnectionException(
                    maxPendingRequests + " requests are already waiting for the relay; try again later"));
            return;
        }
        p.timeout = timer.schedule(() -> onEvents(() -> timedOut(p)), requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (current != null && welcomed) {
            send(p);
        } else {
            waiting.add(p);
        }
    }

    private void send(Pending p) {
        Link link = current;
        if (link == null) {
            waiting.add(p);
            return;
        }
        pending.put(p.message.id(), p);
        link.send(
                codec.encode(p.message),
                e -> onEvents(() -> {
                    if (pending.remove(p.message.id()) != null && !p.internal) {
                        cancel(p.timeout);
                        p.future.completeExceptionally(new RelayConnectionException(
                                "cannot send '" + type(p.message) + "': " + describe(e), e));
                    }
                }));
    }

    private void timedOut(Pending p) {
        boolean wasPending = pending.remove(p.message.id(), p);
        boolean wasWaiting = waiting.remove(p);
        if (wasPending || wasWaiting) {
            p.future.completeExceptionally(new TimeoutException("the relay did not answer '" + type(p.message)
                    + "' within " + requestTimeout.toSeconds() + " s"
                    + (wasWaiting ? " (not connected: " + state.describe() + ")" : "")));
        }
    }

    private void failAllRequests(RuntimeException failure) {
        List<Pending> all = new ArrayList<>(pending.values());
        all.addAll(waiting);
        pending.clear();
        waiting.clear();
        for (Pending p : all) {
            cancel(p.timeout);
            p.future.completeExceptionally(failure);
        }
        for (Watch watch : watches.values()) {
            watch.started.completeExceptionally(failure);
        }
    }

    private static boolean isRead(ClientMessage m) {
        return m instanceof ClientMessage.ListSessions
                || m instanceof ClientMessage.GetHistory
                || m instanceof ClientMessage.GetTranscript
                || m instanceof ClientMessage.GetSettings
                || m instanceof ClientMessage.Ping;
    }

    private static <R extends AckResult> R result(AckResult result, Class<R> type) {
        if (type.isInstance(result)) {
            return type.cast(result);
        }
        throw new RelayErrorException(
                ErrorCode.INTERNAL_ERROR,
                "the relay answered without the expected " + type.getSimpleName() + " result",
                null,
                null);
    }

    // ------------------------------------------------------------------------------------------
    // Closing

    /** Disconnects, fails unanswered requests, and stops the client's threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        events.execute(() -> {
            try {
                setState(ConnectionState.of(ConnectionState.Status.CLOSED));
                failAllRequests(new RelayConnectionException("the client was closed"));
                watches.values().forEach(w -> {
                    if (w.publisher != null) {
                        w.publisher.close();
                    }
                });
                Link link = current;
                current = null;
                if (link != null) {
                    link.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "client closed"));
                }
            } finally {
                done.complete(null);
            }
        });
        if (Thread.currentThread() != eventThread) {
            try {
                done.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing took too long", e);
            }
        }
        timer.shutdownNow();
        connector.shutdownNow();
        events.shutdown();
        try {
            manager.shutdown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "stopping the WebSocket client failed", e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    private void onEvents(Runnable task) {
        try {
            events.execute(() -> safely(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "client closed; dropping a task");
        }
    }

    private void setState(ConnectionState next) {
        if (state.status() == ConnectionState.Status.CLOSED) {
            return;
        }
        state = next;
        stateListeners.forEach(l -> safely(() -> l.accept(next)));
    }

    private String nextId() {
        return "c" + requestIds.incrementAndGet();
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a relay client callback failed", e);
        }
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static <T> void complete(CompletableFuture<T> target, T value, Throwable error) {
        if (error != null) {
            target.completeExceptionally(error);
        } else {
            target.complete(value);
        }
    }

    private static String type(ClientMessage message) {
        String name = message.getClass().getSimpleName();
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c) && out.length() > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    static int httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Tyrus reports a 401 as an AuthenticationException whose status code says 500.
            if (t instanceof org.glassfish.tyrus.client.auth.AuthenticationException) {
                return 401;
            }
            if (t instanceof HandshakeException h) {
                return h.getHttpStatusCode();
            }
            if (t instanceof org.glassfish.tyrus.client.exception.DeploymentHandshakeException d) {
                return d.getHttpStatusCode();
            }
        }
        return -1;
    }

    static String describe(Throwable e) {
        if (e == null) {
            return "unknown failure";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof RelayAuthenticationException || root instanceof FingerprintMismatchException) {
                break;
            }
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        return message;
    }

    private static ThreadFactory daemon(String name) {
        ThreadFactory base = Executors.defaultThreadFactory();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(name);
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Pending {
        final ClientMessage message;
        final CompletableFuture<AckResult> future;
        final boolean internal;
        Watch watch;
        ScheduledFuture<?> timeout;

        Pending(ClientMessage message, CompletableFuture<AckResult> future, boolean internal) {
            this.message = message;
            this.future = future;
            this.internal = internal;
        }
    }

    private static final class Watch {
        final String sessionId;
        final SessionListener listener;
        final Long fromSeq;
        final WatchedSession session;
        final CompletableFuture<SessionSnapshot> started = new CompletableFuture<>();
        SessionSnapshot initialSnapshot;
        boolean acked;
        boolean resyncing;
        long subscribedSeq;
        ScheduledFuture<?> timeout;
        SubmissionPublisher<ServerMessage.Event> publisher;

        Watch(String sessionId, SessionListener listener, Long fromSeq) {
            this.sessionId = sessionId;
            this.listener = listener;
            this.fromSeq = fromSeq;
            this.session = new WatchedSession(sessionId);
        }
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
            if (credentials == null) {
                throw new IllegalStateException(
                        "no credentials: use Credentials.password, Credentials.token or Credentials.refreshToken");
            }
            if (trust == null) {
                trust = TlsTrust.system();
            }
            return new RelayClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
