package dev.rooremote.relay.demo;

import dev.rooremote.protocol.roo.IpcFrameDecoder;
import dev.rooremote.protocol.roo.IpcFrameEncoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Roo behind a real Unix socket, speaking Roo's IPC with node-ipc framing: it answers
 * queries to the asking client only, plays realistic tasks chosen from the prompt (see
 * {@link DemoEngine}), and writes frames the way the real extension does, several per write or one
 * split over two. It lets anyone try the relay without VS Code, and tests drive it like Roo.
 *
 * <p>Commands it cannot read, and commands with another connection's client id, get no answer, as
 * with the real extension.
 */
public final class DemoRoo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRoo.class);
    private static final int OUTBOUND_FRAMES = 10_000;
    private static final int MAX_WRITE = 64 * 1024;

    /**
     * How fast the demo plays.
     *
     * @param chunkDelay between two streamed updates of one message
     * @param stepDelay between two messages
     * @param thinkDelay before the first token of an API request
     * @param stateEventDelay before {@code taskInteractive}/{@code taskIdle}/{@code taskResumable} for an
     *     ask left open, and the least time between two {@code taskTokenUsageUpdated} of a task (both 2 s in
     *     the real extension)
     */
    public record Timing(Duration chunkDelay, Duration stepDelay, Duration thinkDelay, Duration stateEventDelay) {
        public Timing {
            Objects.requireNonNull(chunkDelay, "chunkDelay");
            Objects.requireNonNull(stepDelay, "stepDelay");
            Objects.requireNonNull(thinkDelay, "thinkDelay");
            Objects.requireNonNull(stateEventDelay, "stateEventDelay");
        }

        /** Close to what a person sees from the real extension with a fast model. */
        public static Timing realistic() {
            return new Timing(
                    Duration.ofMillis(40), Duration.ofMillis(120), Duration.ofMillis(400), Duration.ofSeconds(2));
        }

        /** For tests: the same sequences, played quickly. */
        public static Timing fast(Duration stateEventDelay) {
            return new Timing(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3), stateEventDelay);
        }
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final DemoEngine engine;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final List<TaskCommand> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread acceptor;
    private volatile DemoBridge bridge;

    private DemoRoo(Path socket, ServerSocketChannel server, Timing timing) {
        this.socket = socket;
        this.server = server;
        this.engine = new DemoEngine(timing, this::broadcast, this::reply);
        this.acceptor = new Thread(this::acceptLoop, "demo-roo-accept " + socket.getFileName());
        this.acceptor.setDaemon(true);
    }

    /** Serves a demo Roo on {@code socket}, replacing a stale socket file left there. */
    public static DemoRoo start(Path socket, Timing timing) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        DemoRoo roo = new DemoRoo(socket, server, timing);
        roo.acceptor.start();
        return roo;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Serves the demo's companion bridge (docs/BRIDGE.md) on {@code bridgeSocket}, taking hellos with
     * {@code secret}, so a session approves and denies this Roo's asks as it does a real one's.
     */
    public void serveBridge(Path bridgeSocket, String secret) throws IOException {
        if (bridge != null) {
            throw new IllegalStateException("the demo bridge is already served");
        }
        bridge = DemoBridge.start(bridgeSocket, secret, engine);
    }

    /** Every well-formed command with a valid client id, in the order received. */
    public List<TaskCommand> receivedCommands() {
        return List.copyOf(received);
    }

    /** The commands received of one type. */
    public <T extends TaskCommand> List<T> receivedCommands(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TaskCommand command : received) {
            if (type.isInstance(command)) {
                out.add(type.cast(command));
            }
        }
        return out;
    }

    public int connectedClients() {
        return clients.size();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                SocketChannel channel = server.accept();
                Client client = new Client(channel);
                clients.add(client);
                client.start();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.warn("demo Roo at {} stopped accepting: {}", socket, e.toString());
                }
                return;
            }
        }
    }

    private void broadcast(TaskEvent event) {
        byte[] frame = IpcFrameEncoder.encode(new IpcMessage.TaskEventMessage(event));
        for (Client client : clients) {
            client.enqueue(frame);
        }
    }

    private void reply(String clientId, TaskEvent event) {
        byte[] frame = IpcFrameEncoder.encode(new IpcMessage.TaskEventMessage(event));
        for (Client client : clients) {
            if (client.id.equals(clientId)) {
                client.enqueue(frame);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing demo Roo server", e);
        }
        clients.forEach(Client::close);
        DemoBridge b = bridge;
        if (b != null) {
            b.close();
        }
        engine.close();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("removing demo Roo socket {}", socket, e);
        }
    }

    /** One connected IPC client: a reader thread and a writer thread that batches and splits frames. */
    private final class Client {
        final String id;
        final SocketChannel channel;
        final BlockingQueue<byte[]> outbound = new ArrayBlockingQueue<>(OUTBOUND_FRAMES);
        final Random random;
        final AtomicBoolean gone = new AtomicBoolean();

        Client(SocketChannel channel) {
            this.channel = channel;
            Random seed = new Random();
            this.id = HexFormat.of().formatHex(randomBytes(seed, 6));
            this.random = seed;
        }

        void start() {
            long pid = ProcessHandle.current().pid();
            long ppid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
            enqueue(IpcFrameEncoder.encode(new IpcMessage.Ack(id, pid, ppid)));
            Thread reader = new Thread(this::readLoop, "demo-roo-read " + id);
            Thread writer = new Thread(this::writeLoop, "demo-roo-write " + id);
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        void enqueue(byte[] frame) {
            if (gone.get()) {
                return;
            }
            if (!outbound.offer(frame)) {
                LOG.warn("demo Roo client {} does not read; disconnecting it", id);
                close();
            }
        }

        private void readLoop() {
            IpcFrameDecoder decoder = new IpcFrameDecoder();
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            try {
                while (channel.read(buffer.clear()) >= 0) {
                    buffer.flip();
                    for (IpcFrameDecoder.Result result : decoder.feed(buffer)) {
                        handle(result);
                    }
                }
            } catch (IOException e) {
                LOG.debug("demo Roo client {} read ended: {}", id, e.toString());
            } finally {
                close();
            }
        }

        private void handle(IpcFrameDecoder.Result result) {
            if (!(result instanceof IpcFrameDecoder.Frame frame)) {
                LOG.debug("demo Roo ignores an undecodable frame: {}", result);
                return;
            }
            if (!(frame.message() instanceof IpcMessage.TaskCommandMessage command)
                    || !"client"
                            .equals(RooJson.parse(frame.raw())
                                    .path("data")
                                    .path("origin")
                                    .asText(""))) {
                LOG.debug("demo Roo ignores a frame that is not a client TaskCommand: {}", frame.raw());
                return;
            }
            if (!id.equals(command.clientId())) {
                LOG.debug("demo Roo ignores a command with another client's id {}", command.clientId());
                return;
            }
            received.add(command.command());
            engine.submit(id, command.command());
        }

        private void writeLoop() {
            try {
                while (!gone.get()) {
                    byte[] first = outbound.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    ByteBuffer batch = ByteBuffer.allocate(Math.max(MAX_WRITE, first.length));
                    batch.put(first);
                    byte[] next;
                    while ((next = outbound.peek()) != null && batch.remaining() >= next.length) {
                        batch.put(outbound.poll());
                    }
                    batch.flip();
                    // Like the real extension, a frame is sometimes split across two writes.
                    if (batch.remaining() > 2 && random.nextInt(4) == 0) {
                        int split = 1 + random.nextInt(batch.remaining() - 1);
                        ByteBuffer head = batch.duplicate().limit(split);
                        writeFully(head);
                        batch.position(split);
                    }
                    writeFully(batch);
                }
            } catch (IOException e) {
                LOG.debug("demo Roo client {} write ended: {}", id, e.toString());
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void writeFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        void close() {
            if (gone.compareAndSet(false, true)) {
                clients.remove(this);
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing demo Roo client {}", id, e);
                }
            }
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
