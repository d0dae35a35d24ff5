package dev.rooremote.relay.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.relay.Supervisor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's link to its bridge: keeps a {@link BridgeClient} connected to the bridge's socket,
 * reconnecting with capped exponential backoff while the socket is missing (VS Code not started yet, or
 * restarting) or after the connection drops, and reports each change as a {@link State}. A bridge that
 * refuses the secret or speaks another protocol is retried at the longest delay, as it may be replaced.
 * One supervisor thread per link.
 */
public final class BridgeLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeLink.class);

    /** The bridge answers its first hello once it has found Roo, which can take up to ~35 s. */
    public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(40);

    /** Where the bridge listens and the secret its hello needs. The secret is never logged or shown. */
    public record Address(Path socket, String secret) {
        public Address {
            Objects.requireNonNull(socket, "socket");
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("the bridge's secret is empty");
            }
        }

        @Override
        public String toString() {
            return "bridge at " + socket;
        }
    }

    /**
     * The link now.
     *
     * @param hello the connected bridge's hello, or null when none is connected
     * @param reason for people: why no bridge is connected, or null when one is
     */
    public record State(BridgeHello hello, String reason) {
        public boolean connected() {
            return hello != null;
        }

        /** Whether a bridge is connected, found Roo, and offers {@code capability} (a {@link BridgeHello} name). */
        public boolean offers(String capability) {
            return hello != null && "ok".equals(hello.status()) && hello.has(capability);
        }

        /** What a session with this bridge can do. */
        public Capabilities capabilities() {
            if (hello == null) {
                return Capabilities.stockIpc(reason);
            }
            if (!"ok".equals(hello.status())) {
                return Capabilities.stockIpc(hello.message());
            }
            boolean approve = hello.has(BridgeHello.APPROVE);
            String why = approve ? hello.describe() : hello.describe() + ": " + hello.whyNot(BridgeHello.APPROVE);
            return new Capabilities(
                    approve, hello.has(BridgeHello.READ_SETTINGS), true, hello.has(BridgeHello.PROFILES), why);
        }
    }

    /** Timing of the reconnect loop. */
    public record Backoff(Duration initial, Duration max, Duration helloTimeout, Duration requestTimeout) {
        public static Backoff defaults() {
            return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), HELLO_TIMEOUT, Duration.ofSeconds(15));
        }
    }

    private final String sessionId;
    private final Address address;
    private final Backoff backoff;
    private final Object lock = new Object();
    private volatile BridgeClient client;
    private volatile State state;
    private Consumer<State> listener;
    private Consumer<JsonNode> events = frame -> {};
    private final Supervisor supervisor;

    public BridgeLink(String sessionId, Address address, Backoff backoff) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.address = Objects.requireNonNull(address, "address");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.state = new State(null, "connecting to the bridge at " + address.socket());
        this.supervisor = new Supervisor("roo-bridge " + sessionId);
    }

    public Address address() {
        return address;
    }

    public State state() {
        return state;
    }

    /** Starts connecting; each change of state goes to {@code listener}, on the link's thread. */
    public void start(Consumer<State> listener) {
        start(listener, frame -> {});
    }

    /**
     * Starts connecting; each change of state goes to {@code listener}, and each event frame the bridge
     * pushes ({@code {"type":"event","event":...}}) to {@code events}, both on the link's threads.
     */
    public void start(Consumer<State> listener, Consumer<JsonNode> events) {
        synchronized (lock) {
            this.listener = Objects.requireNonNull(listener, "listener");
            this.events = Objects.requireNonNull(events, "events");
        }
        supervisor.start(this::superviseLoop);
    }

    /**
     * Sends an op to the connected bridge. Completes with its result or a {@link BridgeException}
     * ({@link BridgeException#UNAVAILABLE} when no bridge is connected).
     */
    public CompletableFuture<JsonNode> request(String op, ObjectNode params) {
        BridgeClient c = client;
        if (c == null || !c.isOpen()) {
            return CompletableFuture.failedFuture(new BridgeException(
                    BridgeException.UNAVAILABLE, "the bridge is not connected (" + state.reason() + ")"));
        }
        return c.request(op, params, backoff.requestTimeout());
    }

    private void superviseLoop() {
        Duration delay = backoff.initial();
        try {
            while (!isClosed()) {
                if (!Files.exists(address.socket())) {
                    report(new State(
                            null,
                            "no bridge is listening at " + address.socket()
                                    + " (VS Code not started yet, or roo-remote-bridge not installed in it)"));
                    pause(delay);
                    delay = next(delay);
                    continue;
                }
                CountDownLatch ended = new CountDownLatch(1);
                String[] why = new String[1];
                try {
                    BridgeClient c = BridgeClient.connect(
                            address.socket(), address.secret(), backoff.helloTimeout(), new BridgeClient.Listener() {
                                @Override
                                public void onEvent(String event, JsonNode frame) {
                                    LOG.debug("session '{}': bridge event {}", sessionId, event);
                                    Consumer<JsonNode> l;
                                    synchronized (lock) {
                                        l = events;
                                    }
                                    l.accept(frame);
                                }

                                @Override
                                public void onClosed(String reason) {
                                    why[0] = reason;
                                    ended.countDown();
                                }
                            });
                    client = c;
                    if (isClosed()) {
                        c.close();
                        break;
                    }
                    delay = backoff.initial();
                    report(new State(c.hello(), null));
                    ended.await();
                    client = null;
                    if (!isClosed()) {
                        report(new State(
                                null,
                                (why[0] == null ? "the bridge closed the connection" : why[0]) + "; reconnecting"));
                    }
                } catch (BridgeException e) {
                    boolean refused = "unauthorized".equals(e.code()) || "unsupported_protocol".equals(e.code());
                    report(new State(
                            null,
                            "the bridge at " + address.socket() + " refused the relay: " + e.code()
                                    + (e.getMessage() == null || e.getMessage().isEmpty()
                                            ? ""
                                            : " (" + e.getMessage() + ")")));
                    Duration wait = refused ? backoff.max() : delay;
                    pause(wait);
                    delay = next(delay);
                } catch (IOException e) {
                    report(new State(
                            null, "the bridge at " + address.socket() + " is not answering: " + e.getMessage()));
                    pause(delay);
                    delay = next(delay);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("session '{}': bridge supervisor failed", sessionId, e);
            report(new State(null, "internal error: " + e));
        }
    }

    private void report(State next) {
        State previous = state;
        if (Objects.equals(previous.hello(), next.hello()) && Objects.equals(previous.reason(), next.reason())) {
            return;
        }
        state = next;
        if (next.connected()) {
            LOG.info(
                    "session '{}': bridge connected: {} ({})",
                    sessionId,
                    next.hello().describe(),
                    next.hello().status());
        } else {
            LOG.info("session '{}': no bridge: {}", sessionId, next.reason());
        }
        Consumer<State> l;
        synchronized (lock) {
            l = listener;
        }
        l.accept(next);
    }

    private boolean isClosed() {
        return supervisor.isClosed();
    }

    private void pause(Duration delay) throws InterruptedException {
        supervisor.pause(delay);
    }

    private Duration next(Duration delay) {
        return Supervisor.doubled(delay, backoff.max());
    }

    @Override
    public void close() {
        supervisor.close(() -> {
            BridgeClient c = client;
            if (c != null) {
                c.close();
            }
        });
    }
}
