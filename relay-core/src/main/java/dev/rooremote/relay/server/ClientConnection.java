package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.session.Permissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket: decodes its requests, checks them, answers each with an ack or an error,
 * and streams its subscribed sessions' events. Everything sent goes through one bounded queue and a
 * single writer with one frame in flight, so a client that stops reading fills only its own queue;
 * when that overflows the client is told {@code slow_consumer} and disconnected, and may resume.
 */
public final class ClientConnection implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private static final long SLOW_CLOSE_GRACE_SECONDS = 10;

    /** Frames handed to the socket and not yet confirmed written. */
    private static final int MAX_IN_FLIGHT = 32;

    private record Outbound(String text, long enqueuedNanos) {}

    private final RelayServer relay;
    private final Caller caller;
    private final String remote;
    private final RateLimiter limiter;
    private final ArrayBlockingQueue<Outbound> queue;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, Consumer<ServerMessage>> watchers = new ConcurrentHashMap<>();
    private volatile Session session;
    private volatile boolean helloed;
    // The text message being received (Jetty delivers a connection's fragments one at a time, in order).
    private final StringBuilder inbound = new StringBuilder();
    private long inboundBytes;
    private boolean oversized;

    ClientConnection(RelayServer relay, Caller caller, String remote) {
        this.relay = relay;
        this.caller = caller;
        this.remote = remote;
        Limits limits = relay.limits();
        this.limiter = new RateLimiter(limits.requestsPerSecond(), limits.requestBurst(), System.nanoTime());
        this.queue = new ArrayBlockingQueue<>(limits.outboundQueue());
    }

    Caller caller() {
        return caller;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        relay.opened(this);
        LOG.info(
                "client connected: {} ({}) from {}",
                caller.name(),
                caller.role().wire(),
                remote);
    }

    /**
     * Gathers a text message from its fragments, but never more than the frame limit: the rest of an
     * oversized message is dropped as it arrives and the client gets {@code frame_too_large} when it
     * ends, however large it was, and the connection stays open.
     */
    @Override
    public void onWebSocketPartialText(String fragment, boolean last) {
        if (!oversized) {
            long bytes = inboundBytes + Utf8.length(fragment);
            if (bytes > relay.limits().maxFrameBytes()) {
                oversized = true;
                inbound.setLength(0);
                inbound.trimToSize();
            } else {
                inboundBytes = bytes;
                inbound.append(fragment);
            }
        }
        if (!last) {
            return;
        }
        if (oversized) {
            oversized = false;
            inboundBytes = 0;
            limiter.tryAcquire(System.nanoTime());
            send(ServerMessage.Error.of(
                    null,
                    ErrorCode.FRAME_TOO_LARGE,
                    "frame is larger than " + relay.limits().maxFrameBytes() + " bytes; send smaller images or text"));
            return;
        }
        String text = inbound.toString();
        inbound.setLength(0);
        inboundBytes = 0;
        onText(text);
    }

    private void onText(String text) {
        boolean allowed = limiter.tryAcquire(System.nanoTime());
        ClientMessage request;
        try {
            request = relay.codec().decodeClient(text);
        } catch (ProtocolException e) {
            send(e.toError());
            return;
        }
        if (!allowed) {
            send(ServerMessage.Error.of(
                    request.id(),
                    ErrorCode.RATE_LIMITED,
                    "more than "
                            + java.math.BigDecimal.valueOf(relay.limits().requestsPerSecond())
                                    .stripTrailingZeros()
                                    .toPlainString()
                            + " requests per second on this connection: slow down and retry"));
            return;
        }
        try {
            dispatch(request);
        } catch (RelayException e) {
            send(error(request, e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("request {} from {} failed", request.getClass().getSimpleName(), caller.name(), e);
            send(error(request, ErrorCode.INTERNAL_ERROR, "the relay failed on this request; its log has the details"));
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        shutdown();
        LOG.info("client disconnected: {} from {} ({} {})", caller.name(), remote, statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("client {} from {}: {}", caller.name(), remote, cause.toString());
        shutdown();
    }

    /** A session's summary changed: tell this client if it said hello and may see the session. */
    void sessionStatus(SessionInfo info) {
        if (helloed && caller.maySee(info.sessionId())) {
            send(new ServerMessage.SessionStatus(info));
        }
    }

    void close(int code, String reason) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(code, reason, Callback.NOOP);
        }
    }

    private void dispatch(ClientMessage request) {
        if (request instanceof ClientMessage.Hello hello) {
            hello(hello);
        } else if (request instanceof ClientMessage.Ping ping) {
            send(new ServerMessage.Ack(
                    ping.id(), new AckResult.Pong(relay.clock().millis())));
        } else if (request instanceof ClientMessage.ListSessions list) {
            send(new ServerMessage.Ack(list.id(), new AckResult.Sessions(visibleSessions())));
        } else if (request instanceof ClientMessage.SessionRequest sessionRequest) {
            sessionRequest(sessionRequest);
        } else {
            send(error(
                    request,
                    ErrorCode.UNKNOWN_TYPE,
                    "this relay does not handle '" + request.getClass().getSimpleName() + "'"));
        }
    }

    private void hello(ClientMessage.Hello hello) {
        helloed = true;
        send(new ServerMessage.Welcome(
                hello.id(),
                RelayProtocol.VERSION,
                RelayVersion.get(),
                caller.name(),
                caller.role(),
                visibleSessions()));
        hello.resume().forEach((sessionId, seq) -> {
            try {
                checkVisible(sessionId);
                subscribe(sessionId, seq);
            } catch (RelayException e) {
                send(new ServerMessage.Error(null, e.code(), "cannot resume: " + e.getMessage(), sessionId));
            }
        });
    }

    private void sessionRequest(ClientMessage.SessionRequest request) {
        String sessionId = request.sessionId();
        if (request instanceof ClientMessage.Unsubscribe unsubscribe) {
            Consumer<ServerMessage> watcher = watchers.remove(sessionId);
            if (watcher != null) {
                relay.eventLog().unsubscribe(sessionId, watcher);
            }
            send(new ServerMessage.Ack(unsubscribe.id(), null));
            return;
        }
        boolean changes = Permissions.required(request).compareTo(dev.rooremote.protocol.relay.Role.VIEWER) > 0;
        try {
            checkAllowed(request);
            checkVisible(sessionId);
        } catch (RelayException e) {
            if (changes) {
                relay.audit(caller, request, null, e.code().wire(), e.getMessage());
            }
            throw e;
        }
        if (request instanceof ClientMessage.Subscribe subscribe) {
            long seq = subscribe(sessionId, subscribe.fromSeq());
            send(new ServerMessage.Ack(subscribe.id(), new AckResult.Subscribed(sessionId, seq)));
        } else if (request instanceof ClientMessage.GetHistory history) {
            List<TaskSummary> tasks = relay.eventLog().read(sessionId, SessionState::history);
            send(new ServerMessage.Ack(history.id(), new AckResult.History(sessionId, tasks)));
        } else if (request instanceof ClientMessage.GetTranscript transcript) {
            AckResult.Transcript result = relay.eventLog().read(sessionId, state -> {
                Optional<TaskSummary> task = state.task(transcript.taskId());
                Optional<List<ClineMessage>> messages = state.transcript(transcript.taskId());
                return task.isEmpty()
                        ? null
                        : new AckResult.Transcript(sessionId, task.get(), messages.orElse(List.of()));
            });
            if (result == null) {
                throw new RelayException(
                        ErrorCode.UNKNOWN_TASK,
                        "session '" + sessionId + "' has no task '" + transcript.taskId()
                                + "': get_history lists its tasks");
            }
            send(new ServerMessage.Ack(transcript.id(), result));
        } else {
            checkImages(request);
            execute(request, changes);
        }
    }

    private void execute(ClientMessage.SessionRequest request, boolean changes) {
        CompletableFuture<AckResult> future;
        try {
            future = relay.sessionHub().execute(caller, request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((result, failure) -> {
            if (failure == null) {
                send(new ServerMessage.Ack(request.id(), result));
                if (changes) {
                    String taskId = result instanceof AckResult.TaskStarted started ? started.taskId() : null;
                    relay.audit(caller, request, taskId, "ok", null);
                }
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            ServerMessage.Error answer;
            if (cause instanceof RelayException relayException) {
                answer = error(request, relayException.code(), relayException.getMessage());
            } else {
                LOG.error(
                        "{} on session {} by {} failed",
                        request.getClass().getSimpleName(),
                        request.sessionId(),
                        caller.name(),
                        cause);
                answer = error(
                        request, ErrorCode.INTERNAL_ERROR, "the relay failed on this request; its log has the details");
            }
            send(answer);
            if (changes) {
                relay.audit(caller, request, null, answer.code().wire(), answer.message());
            }
        });
    }

    private long subscribe(String sessionId, Long fromSeq) {
        Consumer<ServerMessage> previous = watchers.remove(sessionId);
        if (previous != null) {
            relay.eventLog().unsubscribe(sessionId, previous);
        }
        Long after = fromSeq;
        if (after != null) {
            long current = relay.eventLog().read(sessionId, SessionState::seq);
            // A replay longer than the queue would only end in slow_consumer: a snapshot is smaller.
            if (current - after > queue.remainingCapacity() / 2) {
                after = null;
            }
        }
        Consumer<ServerMessage> watcher = this::send;
        watchers.put(sessionId, watcher);
        return relay.eventLog().subscribe(sessionId, after, watcher);
    }

    private void checkAllowed(ClientMessage request) {
        var required = Permissions.required(request);
        if (!caller.role().atLeast(required)) {
            throw new RelayException(
                    ErrorCode.FORBIDDEN,
                    "'" + caller.name() + "' has the " + caller.role().wire() + " role; this request needs "
                            + required.wire() + " or higher (ask an admin)");
        }
    }

    private void checkVisible(String sessionId) {
        if (!caller.maySee(sessionId)) {
            throw new RelayException(
                    ErrorCode.FORBIDDEN, "this token is limited to other sessions than '" + sessionId + "'");
        }
        if (!relay.eventLog().isOpen(sessionId)) {
            throw new RelayException(
                    ErrorCode.UNKNOWN_SESSION,
                    "no session '" + sessionId + "' on this relay: list_sessions shows them");
        }
    }

    private void checkImages(ClientMessage.SessionRequest request) {
        List<String> images = request instanceof ClientMessage.StartTask start
                ? start.images()
                : request instanceof ClientMessage.SendMessage message ? message.images() : List.of();
        Limits limits = relay.limits();
        if (images.size() > limits.maxImages()) {
            throw new RelayException(
                    ErrorCode.IMAGE_TOO_LARGE,
                    images.size() + " images attached; at most " + limits.maxImages() + " per request");
        }
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            if (image.length() > limits.maxImageBytes()) {
                throw new RelayException(
                        ErrorCode.IMAGE_TOO_LARGE,
                        "image " + (i + 1) + " is " + image.length() + " bytes as a data URL; at most "
                                + limits.maxImageBytes() + " allowed: scale it down");
            }
            if (!image.startsWith("data:image/") || !image.contains(";base64,")) {
                throw new RelayException(
                        ErrorCode.BAD_REQUEST,
                        "image " + (i + 1) + " is not a base64 data URL (data:image/png;base64,...)");
            }
        }
    }

    private List<SessionInfo> visibleSessions() {
        return relay.sessionHub().sessionIds().stream()
                .filter(caller::maySee)
                .filter(relay.eventLog()::isOpen)
                .map(id -> relay.eventLog().read(id, SessionState::info))
                .toList();
    }

    private static ServerMessage.Error error(ClientMessage request, ErrorCode code, String message) {
        String sessionId = request instanceof ClientMessage.SessionRequest s ? s.sessionId() : null;
        return new ServerMessage.Error(request.id(), code, message, sessionId);
    }

    /** Queues a frame; never blocks (it may run under a session's event-log lock). */
    void send(ServerMessage message) {
        if (closed.get()) {
            return;
        }
        if (!queue.offer(new Outbound(relay.encode(message), System.nanoTime()))) {
            slowConsumer();
            return;
        }
        pump();
    }

    private void pump() {
        if (inFlight.get() < MAX_IN_FLIGHT && writing.compareAndSet(false, true)) {
            relay.executor().execute(this::drain);
        }
    }

    /**
     * Hands queued frames to the socket, a few at a time so that Jetty can write them together, and
     * never more than {@link #MAX_IN_FLIGHT} unconfirmed: the rest wait in the bounded queue. Only one
     * thread drains at a time; a completed write restarts draining.
     */
    private void drain() {
        while (true) {
            Session current = session;
            while (!closed.get() && current != null && inFlight.get() < MAX_IN_FLIGHT) {
                Outbound next = queue.poll();
                if (next == null) {
                    break;
                }
                inFlight.incrementAndGet();
                current.sendText(next.text(), new Write(next));
            }
            writing.set(false);
            boolean more = !queue.isEmpty() && inFlight.get() < MAX_IN_FLIGHT && !closed.get();
            if (!more || !writing.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Completion of one frame. */
    private final class Write implements Callback {
        private final Outbound frame;

        Write(Outbound frame) {
            this.frame = frame;
        }

        @Override
        public void succeed() {
            inFlight.decrementAndGet();
            relay.metrics().wsBytesSent(Utf8.length(frame.text()));
            relay.metrics().forwardLatency(System.nanoTime() - frame.enqueuedNanos());
            if (!queue.isEmpty()) {
                pump();
            }
        }

        @Override
        public void fail(Throwable cause) {
            inFlight.decrementAndGet();
            LOG.debug("sending to {} failed: {}", caller.name(), cause.toString());
            shutdown();
        }
    }

    private void slowConsumer() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Not here: this may run under an event-log lock, and unsubscribing takes others.
        relay.executor().execute(() -> {
            unsubscribeAll();
            queue.clear();
            relay.closed(this);
            LOG.warn(
                    "client {} from {} fell {} frames behind; disconnecting it",
                    caller.name(),
                    remote,
                    relay.limits().outboundQueue());
            Session current = session;
            if (current == null) {
                return;
            }
            String text = relay.codec()
                    .encode(ServerMessage.Error.of(
                            null,
                            ErrorCode.SLOW_CONSUMER,
                            "you fell " + relay.limits().outboundQueue()
                                    + " frames behind; reconnect and resume from the last seq you applied"));
            current.sendText(
                    text,
                    Callback.from(
                            () -> current.close(
                                    StatusCode.TRY_AGAIN_LATER, "slow consumer: reconnect and resume", Callback.NOOP),
                            failure -> current.disconnect()));
            // A client that reads nothing never completes the close handshake: cut it off.
            relay.scheduler()
                    .schedule(
                            () -> {
                                if (current.isOpen()) {
                                    current.disconnect();
                                }
                            },
                            SLOW_CLOSE_GRACE_SECONDS,
                            java.util.concurrent.TimeUnit.SECONDS);
        });
    }

    private void shutdown() {
        closed.set(true);
        unsubscribeAll();
        queue.clear();
        relay.closed(this);
    }

    private void unsubscribeAll() {
        watchers.forEach((sessionId, watcher) -> relay.eventLog().unsubscribe(sessionId, watcher));
        watchers.clear();
    }
}
