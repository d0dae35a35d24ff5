package dev.rooremote.relay.roo;

import dev.rooremote.protocol.roo.IpcFrameDecoder;
import dev.rooremote.protocol.roo.IpcFrameEncoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a Roo IPC server on a Unix domain socket. {@link #connect} returns once Roo's Ack has
 * given the connection its client id; every command then carries that id. One reader thread per connection
 * decodes frames and calls the {@link Listener} in order; writes are serialized so frames never interleave.
 */
public final class IpcClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IpcClient.class);
    private static final int READ_BUFFER = 64 * 1024;

    /** Receives what Roo sends, on the connection's reader thread. */
    public interface Listener {
        void onEvent(TaskEvent event);

        /** A frame that could not be decoded, or a message that is not a TaskEvent. */
        default void onFrameError(String reason, String rawPrefix) {}

        /** The connection ended: {@code cause} is null when it was closed on this side. */
        default void onClosed(Throwable cause) {}
    }

    private final SocketChannel channel;
    private final Path socket;
    private final Listener listener;
    private final LongAdder bytesReceived;
    private final IpcFrameDecoder decoder;
    private final CompletableFuture<IpcMessage.Ack> ack = new CompletableFuture<>();
    private final Object writeLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closedNotified = new AtomicBoolean();
    private final Thread reader;

    private IpcClient(SocketChannel channel, Path socket, Listener listener, LongAdder bytesReceived, int maxFrame) {
        this.channel = channel;
        this.socket = socket;
        this.listener = listener;
        this.bytesReceived = bytesReceived;
        this.decoder = new IpcFrameDecoder(maxFrame);
        this.reader = new Thread(this::readLoop, "roo-ipc-reader " + socket.getFileName());
        this.reader.setDaemon(true);
    }

    /**
     * Connects to {@code socket} and waits up to {@code ackTimeout} for Roo's Ack.
     *
     * @param bytesReceived counts every byte read from Roo (for metrics); may be shared by connections
     * @throws IOException when the socket cannot be reached or Roo sends no Ack in time
     */
    public static IpcClient connect(Path socket, Duration ackTimeout, Listener listener, LongAdder bytesReceived)
            throws IOException {
        return connect(socket, ackTimeout, listener, bytesReceived, IpcFrameDecoder.DEFAULT_MAX_FRAME_BYTES);
    }

    public static IpcClient connect(
            Path socket, Duration ackTimeout, Listener listener, LongAdder bytesReceived, int maxFrameBytes)
            throws IOException {
        Objects.requireNonNull(listener, "listener");
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        IpcClient client = new IpcClient(
                channel, socket, listener, bytesReceived == null ? new LongAdder() : bytesReceived, maxFrameBytes);
        client.reader.start();
        try {
            client.ack.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return client;
        } catch (TimeoutException e) {
            client.closeQuietly();
            throw new IOException("Roo at " + socket + " sent no Ack within " + ackTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            client.closeQuietly();
            throw new IOException("connection to Roo at " + socket + " ended before its Ack", e.getCause());
        } catch (InterruptedException e) {
            client.closeQuietly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Roo's Ack", e);
        }
    }

    /** The id Roo gave this connection. */
    public String clientId() {
        return ack.join().clientId();
    }

    /** Roo's process id as its Ack reported it. */
    public long rooPid() {
        return ack.join().pid();
    }

    public Path socket() {
        return socket;
    }

    public boolean isOpen() {
        return !closed.get() && channel.isOpen();
    }

    /** Sends one command with this connection's client id. */
    public void send(TaskCommand command) throws IOException {
        byte[] frame = IpcFrameEncoder.encode(new IpcMessage.TaskCommandMessage(clientId(), command));
        writeRaw(frame);
    }

    /** Writes bytes as they are; for tests and tools that need to send something Roo would not. */
    void writeRaw(byte[] bytes) throws IOException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        synchronized (writeLock) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
        Throwable cause = null;
        try {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    cause = new IOException("Roo closed the IPC connection");
                    break;
                }
                bytesReceived.add(n);
                buffer.flip();
                for (IpcFrameDecoder.Result result : decoder.feed(buffer)) {
                    dispatch(result);
                }
            }
        } catch (IOException e) {
            cause = closed.get() ? null : e;
        } catch (RuntimeException e) {
            LOG.error("IPC reader for {} failed", socket, e);
            cause = e;
        }
        ack.completeExceptionally(cause == null ? new ClosedChannelException() : cause);
        closeQuietly();
        if (closedNotified.compareAndSet(false, true)) {
            listener.onClosed(cause);
        }
    }

    private void dispatch(IpcFrameDecoder.Result result) {
        if (result instanceof IpcFrameDecoder.FrameError error) {
            listener.onFrameError(error.reason(), error.rawPrefix());
            return;
        }
        IpcFrameDecoder.Frame frame = (IpcFrameDecoder.Frame) result;
        IpcMessage message = frame.message();
        if (message instanceof IpcMessage.Ack a) {
            if (!ack.complete(a)) {
                LOG.debug("ignoring a second Ack from {}", socket);
            }
        } else if (message instanceof IpcMessage.TaskEventMessage e) {
            listener.onEvent(e.event());
        } else {
            listener.onFrameError("unexpected message type '" + message.type() + "' from Roo", frame.raw());
        }
    }

    private void closeQuietly() {
        closed.set(true);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing IPC channel to {}", socket, e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
