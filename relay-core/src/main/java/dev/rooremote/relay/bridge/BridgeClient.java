package dev.rooremote.relay.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the companion extension, roo-remote-bridge, on its Unix socket, speaking
 * docs/BRIDGE.md (protocol 1): {@link #connect} sends the hello with the session's secret and returns
 * once the bridge has answered it; {@link #request} sends an op and completes with its result, matched by
 * id. One reader thread per connection; writes are serialized. The secret is written to the socket and
 * nowhere else.
 */
public final class BridgeClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeClient.class);
    public static final int PROTOCOL = 1;
    private static final int READ_BUFFER = 64 * 1024;

    /** What the bridge pushes, on the connection's reader thread. */
    public interface Listener {
        /** An event ({@code rooReady}, {@code commandExit}, or one this side does not know) and its whole frame. */
        default void onEvent(String event, JsonNode frame) {}

        /** The connection ended; {@code reason} says why, for people. */
        default void onClosed(String reason) {}
    }

    private final SocketChannel channel;
    private final Path socket;
    private final Listener listener;
    private final BridgeLines lines = new BridgeLines();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<BridgeHello> hello = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object writeLock = new Object();
    private final Thread reader;
    private volatile String closeReason;

    private BridgeClient(SocketChannel channel, Path socket, Listener listener) {
        this.channel = channel;
        this.socket = socket;
        this.listener = listener;
        this.reader = new Thread(this::readLoop, "roo-bridge-reader " + socket.getFileName());
        this.reader.setDaemon(true);
    }

    /**
     * Connects to the bridge at {@code socket}, says hello with {@code secret} and waits up to
     * {@code helloTimeout} for its answer (the bridge answers once it has found Roo, which may take seconds).
     *
     * @throws IOException when nothing listens on the socket
     * @throws BridgeException when the bridge refuses the hello ({@code unauthorized},
     *     {@code unsupported_protocol}, ...), speaks another protocol, or does not answer in time
     */
    public static BridgeClient connect(Path socket, String secret, Duration helloTimeout, Listener listener)
            throws IOException, BridgeException {
        Objects.requireNonNull(secret, "secret");
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        BridgeClient client;
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            client = new BridgeClient(channel, socket, listener == null ? new Listener() {} : listener);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        client.reader.start();
        ObjectNode frame = RooJson.object();
        frame.put("type", "hello");
        frame.put("protocol", PROTOCOL);
        frame.put("secret", secret);
        try {
            client.write(RooJson.write(frame));
            BridgeHello answer = client.hello.get(helloTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.protocol() != PROTOCOL) {
                throw new BridgeException(
                        "unsupported_protocol",
                        "the bridge speaks protocol " + answer.protocol() + ", the relay " + PROTOCOL
                                + ": install the bridge that comes with this relay");
            }
            return client;
        } catch (TimeoutException e) {
            client.close();
            throw new BridgeException(
                    BridgeException.TIMEOUT,
                    "the bridge at " + socket + " did not answer hello within " + helloTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            client.close();
            if (e.getCause() instanceof BridgeException refused) {
                throw refused;
            }
            throw new IOException(
                    "the bridge at " + socket + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the bridge's hello", e);
        } catch (IOException | BridgeException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The bridge's hello. */
    public BridgeHello hello() {
        return hello.getNow(null);
    }

    public boolean isOpen() {
        return !closed.get() && channel.isOpen();
    }

    /**
     * Sends {@code op} with {@code params} (the fields beside {@code op}; may be null). Completes with the
     * response's {@code result}, or exceptionally with a {@link BridgeException}: the bridge's error, or
     * {@link BridgeException#TIMEOUT} after {@code timeout}, or {@link BridgeException#UNAVAILABLE} when the
     * connection ends first.
     */
    public CompletableFuture<JsonNode> request(String op, ObjectNode params, Duration timeout) {
        long id = ids.incrementAndGet();
        ObjectNode frame = RooJson.object();
        frame.put("type", "request");
        frame.put("id", id);
        frame.put("op", op);
        if (params != null) {
            params.fields().forEachRemaining(e -> {
                if (!frame.has(e.getKey())) {
                    frame.set(e.getKey(), e.getValue());
                }
            });
        }
        String json = RooJson.write(frame);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        if (json.length() > BridgeLines.MAX_LINE_BYTES) {
            answer.completeExceptionally(new BridgeException(
                    "too_large", "the request is larger than the bridge's 1 MiB line limit; send smaller images"));
            return answer;
        }
        pending.put(id, answer);
        if (closed.get()) {
            failPending();
        }
        try {
            write(json);
        } catch (IOException e) {
            close("cannot write to the bridge: " + e.getMessage());
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> pending.remove(id))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(translate(failure, op, timeout)));
    }

    private static Throwable translate(Throwable failure, String op, Duration timeout) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new BridgeException(
                    BridgeException.TIMEOUT,
                    "the bridge did not answer " + op + " within " + timeout.toSeconds() + " s");
        }
        return cause;
    }

    private void write(String json) throws IOException {
        ByteBuffer bytes = BridgeLines.encode(json);
        synchronized (writeLock) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
        String reason = null;
        try {
            while (!closed.get()) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                buffer.flip();
                for (String line : lines.feed(buffer)) {
                    handle(line);
                }
            }
        } catch (BridgeLines.FramingException e) {
            reason = "the bridge sent a bad line (" + e.getMessage() + ")";
        } catch (IOException e) {
            if (!closed.get()) {
                reason = "the connection to the bridge failed: " + e.getMessage();
            }
        } catch (RuntimeException e) {
            LOG.error("bridge at {}: reader failed", socket, e);
            reason = "internal error reading from the bridge: " + e;
        }
        close(reason);
    }

    private void handle(String line) {
        JsonNode frame;
        try {
            frame = RooJson.parse(line);
        } catch (RuntimeException e) {
            LOG.warn("bridge at {}: ignored a line that is not JSON", socket);
            return;
        }
        String type = frame.path("type").asText("");
        switch (type) {
            case "hello" -> hello.complete(BridgeHello.parse(frame));
            case "response" -> {
                CompletableFuture<JsonNode> answer =
                        pending.remove(frame.path("id").asLong(-1));
                if (answer == null) {
                    LOG.debug("bridge at {}: response to no open request", socket);
                } else if (frame.path("ok").asBoolean(false)) {
                    answer.complete(frame.path("result"));
                } else {
                    JsonNode error = frame.path("error");
                    answer.completeExceptionally(new BridgeException(
                            error.path("code").asText("failed"),
                            error.path("message").asText("the bridge refused")));
                }
            }
            case "event" -> listener.onEvent(frame.path("event").asText(""), frame);
            case "error" -> {
                String code = frame.path("code").asText("failed");
                String message = frame.path("message").asText("");
                closeReason =
                        "the bridge ended the connection: " + code + (message.isEmpty() ? "" : " (" + message + ")");
                hello.completeExceptionally(new BridgeException(code, message));
            }
            default -> LOG.debug("bridge at {}: ignored a frame of type '{}'", socket, type);
        }
    }

    @Override
    public void close() {
        close(null);
    }

    private void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the bridge connection", e);
        }
        String why = closeReason != null ? closeReason : reason != null ? reason : "the bridge closed the connection";
        hello.completeExceptionally(new BridgeException(BridgeException.UNAVAILABLE, why));
        failPending();
        listener.onClosed(why);
    }

    private void failPending() {
        String why = closeReason != null ? closeReason : "the connection to the bridge ended before it answered";
        pending.values().forEach(f -> f.completeExceptionally(new BridgeException(BridgeException.UNAVAILABLE, why)));
        pending.clear();
    }
}
