package dev.rooremote.relay.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.bridge.BridgeCommandExit;
import dev.rooremote.relay.bridge.BridgeHello;
import dev.rooremote.relay.bridge.BridgeLink;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.roo.RooEndpoint;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session: what its Roo endpoint reports becomes {@link SessionEvent}s in the {@link EventLog}
 * ({@link RooEventTranslator}), and the requests clients send are carried out ({@link SessionRequests}).
 * Both see the same {@link TaskTracker}: each task's state and the ask that waits for a person.
 *
 * <p>All work happens on one thread per session, so events and requests never race. Roo's events wait
 * in a bounded queue; a full queue holds back the socket reader.
 */
public final class RooSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RooSession.class);
    private static final int MAX_QUEUED_EVENTS = 10_000;

    private final String sessionId;
    private final RooEndpoint endpoint;
    private final SettingsProfile profile;
    private final ScheduledExecutorService thread;
    private final Semaphore queued = new Semaphore(MAX_QUEUED_EVENTS);
    private final TaskWaiters waiters;
    private final RooEventTranslator translator;
    private final SessionRequests requests;
    private final SessionLog sessionLog;
    /** The session's bridge (roo-remote-bridge), or null when it has none. */
    private final BridgeLink bridge;
    /** Exit statuses of commands, as the bridge reports them. */
    private final CommandExits exits;

    private volatile boolean closed;

    public RooSession(
            String sessionId, EventLog log, RooEndpoint endpoint, SettingsProfile profile, SessionOptions options) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.profile = Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(options, "options");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session " + sessionId);
            t.setDaemon(true);
            return t;
        });
        SessionLog sessionLog = new SessionLog(sessionId, log);
        this.sessionLog = sessionLog;
        this.bridge = endpoint.bridge()
                .map(address -> new BridgeLink(sessionId, address, options.bridge()))
                .orElse(null);
        TaskTracker tracker = new TaskTracker(sessionLog, thread, options.askGrace());
        this.waiters = new TaskWaiters(thread, options.startTimeout());
        this.exits = new CommandExits(sessionId, sessionLog);
        this.translator = new RooEventTranslator(sessionLog, endpoint, tracker, waiters, thread, options, exits);
        this.requests =
                new SessionRequests(sessionLog, endpoint, profile, tracker, waiters, options.images(), bridge, thread);
    }

    public String sessionId() {
        return sessionId;
    }

    public RooEndpoint endpoint() {
        return endpoint;
    }

    public SettingsProfile profile() {
        return profile;
    }

    /** Picks up the state the log holds from earlier runs, then starts the endpoint. */
    public void start() {
        CompletableFuture<Void> restored = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                translator.restore();
            } finally {
                restored.complete(null);
            }
        });
        restored.join();
        if (bridge != null) {
            post(() -> publishCapabilities(bridge.state()));
            bridge.start(state -> post(() -> publishCapabilities(state)), this::onBridgeEvent);
        }
        endpoint.start(new RooEndpoint.Listener() {
            @Override
            public void onStatus(ConnectionStatus newStatus, String detail) {
                post(() -> {
                    translator.onStatus(newStatus, detail);
                    if (newStatus == ConnectionStatus.CONNECTED) {
                        requests.showMode();
                    }
                });
            }

            @Override
            public void onEvent(TaskEvent event) {
                post(() -> translator.onEvent(event));
            }

            @Override
            public void onFrameError(String reason, String rawPrefix) {
                LOG.warn("session '{}': ignored a frame from Roo: {} ({})", sessionId, reason, LogText.of(rawPrefix));
            }
        });
    }

    /** Carries out a client request; completes with the ack's result or a {@link RelayException}. */
    public CompletableFuture<AckResult> execute(Caller caller, ClientMessage.SessionRequest request) {
        return perform(caller, request).thenApply(SessionHub.Outcome::result);
    }

    /** {@link #execute}, with what the audit log should record of what was done. */
    public CompletableFuture<SessionHub.Outcome> perform(Caller caller, ClientMessage.SessionRequest request) {
        CompletableFuture<AckResult> result = new CompletableFuture<>();
        AtomicReference<String> audit = new AtomicReference<>();
        CompletableFuture<SessionHub.Outcome> outcome = result.thenApply(r -> new SessionHub.Outcome(r, audit.get()));
        try {
            thread.execute(() -> {
                try {
                    translator.flush();
                    requests.handle(caller, request, result, audit::set);
                } catch (RelayException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    LOG.error(
                            "session '{}': request {} failed",
                            sessionId,
                            request.getClass().getSimpleName(),
                            e);
                    result.completeExceptionally(new RelayException(
                            ErrorCode.INTERNAL_ERROR, "the relay failed to carry out the request: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(
                    new RelayException(ErrorCode.SESSION_UNAVAILABLE, "session '" + sessionId + "' is shutting down"));
        }
        return outcome;
    }

    /** Logs the capabilities the bridge's state gives, when they differ from what the session shows. */
    private void publishCapabilities(BridgeLink.State state) {
        Capabilities next = state.capabilities();
        Capabilities shown = sessionLog.read(s -> s.info().capabilities());
        if (!next.equals(shown)) {
            sessionLog.append(new SessionEvent.CapabilitiesChanged(next));
            if (state.offers(BridgeHello.READ_SETTINGS)) {
                // Roo's own mode can be read now.
                requests.showMode();
            }
        }
    }

    /** An event the bridge pushed: a command's exit status goes onto its output message. */
    private void onBridgeEvent(JsonNode frame) {
        String event = frame.path("event").asText("");
        if (!BridgeCommandExit.EVENT.equals(event)) {
            return;
        }
        BridgeCommandExit exit;
        try {
            exit = BridgeCommandExit.parse(frame);
        } catch (IllegalArgumentException e) {
            LOG.warn("session '{}': ignored a commandExit event from the bridge: {}", sessionId, e.getMessage());
            return;
        }
        post(() -> exits.report(exit));
    }

    /** The session's bridge, if it has one. */
    public Optional<BridgeLink> bridge() {
        return Optional.ofNullable(bridge);
    }

    @Override
    public void close() {
        closed = true;
        if (bridge != null) {
            bridge.close();
        }
        endpoint.close();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                translator.flush();
                waiters.failAll(new RelayException(ErrorCode.SESSION_UNAVAILABLE, "the relay is shutting down"));
                drained.complete(null);
            });
            drained.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("session '{}': closing", sessionId, e);
        }
        thread.shutdownNow();
    }

    /** Hands work from an endpoint thread to the session thread, holding the caller back when too much waits. */
    private void post(Runnable work) {
        if (closed) {
            return;
        }
        try {
            queued.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("session '{}': failed to handle Roo's event", sessionId, e);
                } finally {
                    queued.release();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.release();
        }
    }
}
