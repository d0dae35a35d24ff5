package dev.rooremote.relay.roo;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.Supervisor;
import dev.rooremote.relay.bridge.BridgeLink;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's link to one session's Roo: keeps an {@link IpcClient} connected to the session's socket,
 * reconnecting with capped exponential backoff while the socket is missing or after it drops, and
 * reports each change of {@link ConnectionStatus}. Subclasses prepare what serves the socket (a launched
 * VS Code, the demo Roo) before each attempt. One supervisor thread per endpoint.
 */
public abstract class RooEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RooEndpoint.class);

    /** Unix socket paths longer than this cannot be bound or connected on Linux. */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    /** What the endpoint reports. Called from the endpoint's threads; implementations hand work off quickly. */
    public interface Listener {
        void onStatus(ConnectionStatus status, String detail);

        void onEvent(TaskEvent event);

        default void onFrameError(String reason, String rawPrefix) {}
    }

    /** Timing of the reconnect loop. */
    public record Backoff(Duration initial, Duration max, Duration ackTimeout) {
        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(ackTimeout, "ackTimeout");
        }
    }

    protected final String sessionId;
    protected final Path socket;
    private final Backoff backoff;
    private final LongAdder bytesReceived;
    private final Object lock = new Object();
    private volatile IpcClient client;
    private volatile ConnectionStatus status;
    private String lastDetail;
    private Listener listener;
    private final Supervisor supervisor;

    protected RooEndpoint(String sessionId, Path socket, Backoff backoff, LongAdder bytesReceived) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.supervisor = new Supervisor("roo-endpoint " + sessionId);
        this.socket = requireUsableSocketPath(socket);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.bytesReceived = bytesReceived == null ? new LongAdder() : bytesReceived;
    }

    public abstract EndpointKind kind();

    public Path socket() {
        return socket;
    }

    /** Where this session's bridge (roo-remote-bridge) listens, if it has one. */
    public Optional<BridgeLink.Address> bridge() {
        return Optional.empty();
    }

    public ConnectionStatus status() {
        return status;
    }

    public boolean isConnected() {
        IpcClient c = client;
        return c != null && c.isOpen();
    }

    /** Starts connecting; statuses and events go to {@code listener}. */
    public final void start(Listener listener) {
        synchronized (lock) {
            this.listener = Objects.requireNonNull(listener, "listener");
        }
        supervisor.start(this::superviseLoop);
    }

    /**
     * Sends a command to Roo.
     *
     * @throws RelayException {@link ErrorCode#SESSION_UNAVAILABLE} when Roo is not connected
     */
    public void send(TaskCommand command) {
        IpcClient c = client;
        if (c == null || !c.isOpen()) {
            throw unavailable();
        }
        try {
            c.send(command);
        } catch (IOException e) {
            throw new RelayException(
                    ErrorCode.SESSION_UNAVAILABLE,
                    "session '" + sessionId + "' lost its connection to Roo while sending: " + e.getMessage(),
                    e);
        }
    }

    public RelayException unavailable() {
        ConnectionStatus s = status;
        return new RelayException(
                ErrorCode.SESSION_UNAVAILABLE,
                "session '" + sessionId + "' is not connected to Roo (status: "
                        + (s == null ? "starting" : s.wire())
                        + (lastDetail == null ? "" : ", " + lastDetail)
                        + "); try again when it is connected");
    }

    /**
     * Called on the supervisor thread before each connection attempt, e.g. to start what serves the
     * socket. Returns the status to report while waiting for the socket.
     */
    protected ConnectionStatus beforeAttempt() throws IOException, InterruptedException {
        return ConnectionStatus.CONNECTING;
    }

    /** Called on the supervisor thread after a connection ended. */
    protected void afterDisconnect() {}

    /** Called once on close, after the connection is closed. */
    protected void shutdown() {}

    protected boolean isClosed() {
        return supervisor.isClosed();
    }

    protected void publish(ConnectionStatus newStatus, String detail) {
        Listener l = listener;
        synchronized (lock) {
            if (newStatus == status && Objects.equals(detail, lastDetail)) {
                return;
            }
            status = newStatus;
            lastDetail = detail;
        }
        LOG.info("session '{}': {}{}", sessionId, newStatus.wire(), detail == null ? "" : " (" + detail + ")");
        l.onStatus(newStatus, detail);
    }

    /** Waits up to {@code delay}, returning early when the endpoint closes. */
    protected void pause(Duration delay) throws InterruptedException {
        supervisor.pause(delay);
    }

    private void superviseLoop() {
        Duration delay = backoff.initial();
        try {
            while (!isClosed()) {
                ConnectionStatus waiting;
                try {
                    waiting = beforeAttempt();
                } catch (IOException e) {
                    publish(ConnectionStatus.FAILED, e.getMessage());
                    pause(delay);
                    delay = next(delay);
                    continue;
                }
                if (isClosed()) {
                    break;
                }
                CountDownLatch ended = new CountDownLatch(1);
                try {
                    IpcClient c = IpcClient.connect(socket, backoff.ackTimeout(), relay(ended), bytesReceived);
                    client = c;
                    if (isClosed()) {
                        c.close();
                        break;
                    }
                    delay = backoff.initial();
                    publish(ConnectionStatus.CONNECTED, "client id " + c.clientId());
                    ended.await();
                    client = null;
                    if (!isClosed()) {
                        publish(ConnectionStatus.DISCONNECTED, "Roo closed the connection; reconnecting");
                        afterDisconnect();
                    }
                } catch (IOException e) {
                    reportWaiting(waiting, e);
                    pause(delay);
                    delay = next(delay);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("session '{}': endpoint supervisor failed", sessionId, e);
            publish(ConnectionStatus.FAILED, "internal error: " + e);
        }
    }

    private void reportWaiting(ConnectionStatus waiting, IOException e) {
        if (!Files.exists(socket)) {
            publish(waiting, "waiting for Roo's socket at " + socket);
        } else if (e instanceof ConnectException || isRefused(e)) {
            publish(waiting, "Roo is not listening on " + socket + " yet");
        } else {
            publish(ConnectionStatus.FAILED, "cannot connect to Roo at " + socket + ": " + e.getMessage());
        }
    }

    private static boolean isRefused(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("refused") || message.contains("No such file");
    }

    private Duration next(Duration delay) {
        return Supervisor.doubled(delay, backoff.max());
    }

    private IpcClient.Listener relay(CountDownLatch ended) {
        return new IpcClient.Listener() {
            @Override
            public void onEvent(TaskEvent event) {
                listener.onEvent(event);
            }

            @Override
            public void onFrameError(String reason, String rawPrefix) {
                listener.onFrameError(reason, rawPrefix);
            }

            @Override
            public void onClosed(Throwable cause) {
                ended.countDown();
            }
        };
    }

    @Override
    public void close() {
        boolean closing = supervisor.close(() -> {
            IpcClient c = client;
            if (c != null) {
                c.close();
            }
        });
        if (closing) {
            shutdown();
        }
    }

    /** Creates {@code dir} readable only by this user (0700), or tightens it if it exists. */
    public static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("no POSIX permissions on {}", dir);
        }
        return dir;
    }

    /** {@code dir/name.bridge.sock} beside {@code dir/name.sock}: where a session's bridge listens. */
    public static Path bridgeSocketBeside(Path socket) {
        String name = socket.getFileName().toString();
        String base = name.endsWith(".sock") ? name.substring(0, name.length() - 5) : name;
        return requireUsableSocketPath(socket.resolveSibling(base + ".bridge.sock"));
    }

    static Path requireUsableSocketPath(Path socket) {
        Objects.requireNonNull(socket, "socket");
        int bytes = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("the socket path " + socket + " is " + bytes
                    + " bytes long; Unix sockets allow " + MAX_SOCKET_PATH_BYTES
                    + ": use a shorter --data-dir or socket path");
        }
        return socket;
    }
}
