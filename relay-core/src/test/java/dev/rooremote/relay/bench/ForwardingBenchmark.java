package dev.rooremote.relay.bench;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.relay.server.Limits;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Measures the relay end to end on loopback and prints the figures (a benchmark, not a test):
 *
 * <ol>
 *   <li>Forwarding latency: a Roo stand-in on a real Unix socket sends 1,000 {@code message} events per
 *       second; 10 WSS clients are subscribed; latency runs from just before the stand-in writes the
 *       IPC frame to the moment a client has the WebSocket frame (p50, p99, max over every client).
 *   <li>Streaming cost: the demo Roo streams a 20 KB reply; the bytes of the event frames a client
 *       receives for it, against the reply's final size and the raw IPC bytes Roo sent.
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -o -pl relay-core -am test-compile} then
 * {@code java -cp "$(cat relay-core/target/bench.classpath)" dev.rooremote.relay.bench.ForwardingBenchmark}
 * (see BENCHMARKS.md for the one-liner that writes the class path).
 */
public final class ForwardingBenchmark {

    /** Overridable with -Dbench.clients, -Dbench.rate, -Dbench.events for runs on smaller machines. */
    private static final int CLIENTS = Integer.getInteger("bench.clients", 10);

    private static final int RATE = Integer.getInteger("bench.rate", 1_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 3_000);
    private static final int MEASURED = Integer.getInteger("bench.events", 10_000);
    private static final long BASE_TS = 1_800_000_000_000L;

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("roo-bench");
        System.out.println("roo-relay forwarding benchmark; "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version"));
        if (!Boolean.getBoolean("bench.skipLatency")) {
            latency(root.resolve("latency"));
        }
        if (!Boolean.getBoolean("bench.skipStreaming")) {
            streaming(root.resolve("streaming"));
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ latency

    private static void latency(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        Path socket = Path.of("/tmp", "roo-bench-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(socket);
        StandInRoo roo = new StandInRoo(socket);
        try (RelayRuntime relay = RelayRuntime.start(
                new RelayRuntime.Options(dataDir, "127.0.0.1", 0, false, null, null, Limits.defaults(), null),
                (log, settings, dir, metrics) -> new SessionManager(
                        log,
                        settings,
                        dir,
                        List.of(new SessionConfig.Attach("bench", socket)),
                        SessionOptions.defaults()))) {
            roo.awaitClient();
            relay.auth().users().add("bench", Role.VIEWER, "bench-password");
            String token = relay.auth().accessToken("bench");
            HttpClient http =
                    HttpClient.newBuilder().sslContext(trusting(relay)).build();

            int total = WARMUP + MEASURED;
            long[] sentAt = new long[total];
            long[][] latencies = new long[CLIENTS][total];
            CountDownLatch done = new CountDownLatch(CLIENTS);
            List<WebSocket> sockets = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                AtomicLong received = new AtomicLong();
                WebSocket ws = http.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + token)
                        .buildAsync(URI.create(relay.url()), new Collector(frame -> {
                            long now = System.nanoTime();
                            if (frame instanceof ServerMessage.Event event
                                    && event.event() instanceof SessionEvent.Message message
                                    && message.created()) {
                                int i = (int) (message.message().ts() - BASE_TS);
                                if (i >= 0 && i < total) {
                                    latencies[client][i] = now - sentAt[i];
                                    if (received.incrementAndGet() == total) {
                                        done.countDown();
                                    }
                                }
                            }
                        }))
                        .join();
                ws.sendText(new RelayCodec().encode(new ClientMessage.Subscribe("s", "bench", null)), true)
                        .join();
                sockets.add(ws);
            }
            Thread.sleep(500);
            roo.startTask("bench-task");
            long interval = 1_000_000_000L / RATE;
            long next = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                sentAt[i] = System.nanoTime();
                roo.say(BASE_TS + i, "bench " + i);
                next += interval;
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                System.out.println("  (not every client received every event within 60 s)");
            }
            long[] all = new long[CLIENTS * MEASURED];
            int n = 0;
            for (long[] perClient : latencies) {
                for (int i = WARMUP; i < total; i++) {
                    if (perClient[i] > 0) {
                        all[n++] = perClient[i];
                    }
                }
            }
            long[] samples = Arrays.copyOf(all, n);
            Arrays.sort(samples);
            System.out.printf(
                    Locale.ROOT,
                    "%nForwarding latency, Roo IPC frame in -> client WSS frame in, %d events/s, %d clients, TLS, loopback%n"
                            + "  samples %d (after %d warm-up events)%n  p50 %.3f ms   p90 %.3f ms   p99 %.3f ms   max %.3f ms%n",
                    RATE,
                    CLIENTS,
                    samples.length,
                    WARMUP,
                    percentile(samples, 0.50),
                    percentile(samples, 0.90),
                    percentile(samples, 0.99),
                    samples.length == 0 ? 0.0 : samples[samples.length - 1] / 1e6);
            System.out.println("  relay's own histogram (client queue in -> socket write done), all events:");
            relay.metrics()
                    .scrape()
                    .lines()
                    .filter(l -> l.startsWith("roo_relay_forward_latency_seconds_bucket")
                            || l.startsWith("roo_relay_forward_latency_seconds_count"))
                    .forEach(l -> System.out.println("    " + l));
            sockets.forEach(WebSocket::abort);
        } finally {
            roo.close();
            Files.deleteIfExists(socket);
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    // ------------------------------------------------------------------ streaming

    private static void streaming(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        SessionManager[] manager = new SessionManager[1];
        try (RelayRuntime relay = RelayRuntime.start(
                new RelayRuntime.Options(dataDir, "127.0.0.1", 0, false, null, null, Limits.defaults(), null),
                (log, settings, dir, metrics) -> manager[0] = new SessionManager(
                        log,
                        settings,
                        dir,
                        List.of(new SessionConfig.Demo("demo-1")),
                        SessionOptions.fast(Duration.ofMillis(300), Duration.ofMillis(150))))) {
            relay.auth().users().add("bench", Role.OPERATOR, "bench-password");
            String token = relay.auth().accessToken("bench");
            HttpClient http =
                    HttpClient.newBuilder().sslContext(trusting(relay)).build();
            Thread.sleep(1000);

            AtomicLong eventBytes = new AtomicLong();
            AtomicLong messageBytes = new AtomicLong();
            CountDownLatch completed = new CountDownLatch(1);
            String[] taskId = new String[1];
            WebSocket ws = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(relay.url()), new Collector((frame, bytes) -> {
                        if (frame instanceof ServerMessage.Event event) {
                            eventBytes.addAndGet(bytes);
                            if (event.event() instanceof SessionEvent.Message) {
                                messageBytes.addAndGet(bytes);
                            }
                            if (event.event() instanceof SessionEvent.TaskStateChanged state
                                    && state.state() == TaskState.COMPLETED) {
                                completed.countDown();
                            }
                        } else if (frame instanceof ServerMessage.Ack ack
                                && ack.result() instanceof dev.rooremote.protocol.relay.AckResult.TaskStarted started) {
                            taskId[0] = started.taskId();
                        }
                    }))
                    .join();
            RelayCodec codec = new RelayCodec();
            ws.sendText(codec.encode(new ClientMessage.Subscribe("s", "demo-1", null)), true)
                    .join();
            Thread.sleep(300);
            eventBytes.set(0);
            messageBytes.set(0);
            long ipcBefore = manager[0].ipcBytesReceived();
            ws.sendText(codec.encode(new ClientMessage.StartTask("t", "demo-1", "long 20000", null, null)), true)
                    .join();
            if (!completed.await(120, TimeUnit.SECONDS)) {
                System.out.println("  (the demo task did not complete within 120 s)");
            }
            long ipcBytes = manager[0].ipcBytesReceived() - ipcBefore;
            List<ClineMessage> transcript =
                    relay.eventLog().read("demo-1", s -> s.transcript(taskId[0]).orElse(List.of()));
            long finalText = transcript.stream()
                    .map(m -> m.text() == null ? 0 : m.text().getBytes(StandardCharsets.UTF_8).length)
                    .max(Long::compare)
                    .orElse(0);
            long allText = transcript.stream()
                    .mapToLong(m -> m.text() == null ? 0 : m.text().getBytes(StandardCharsets.UTF_8).length)
                    .sum();
            System.out.printf(
                    Locale.ROOT,
                    "%nStreaming a 20 KB reply (demo Roo, prompt \"long 20000\")%n"
                            + "  final reply text            %,9d bytes%n"
                            + "  all transcript text         %,9d bytes (reply + the task's other messages)%n"
                            + "  relay -> client, messages   %,9d bytes  (%.2f x the reply)%n"
                            + "  relay -> client, all events %,9d bytes  (%.2f x the reply)%n"
                            + "  Roo -> relay, raw IPC       %,9d bytes  (%.1f x the reply)%n",
                    finalText,
                    allText,
                    messageBytes.get(),
                    messageBytes.get() / (double) finalText,
                    eventBytes.get(),
                    eventBytes.get() / (double) finalText,
                    ipcBytes,
                    ipcBytes / (double) finalText);
            ws.abort();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static SSLContext trusting(RelayRuntime relay) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("relay", relay.tls().certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Decodes whole text frames and hands them on with their UTF-8 size. */
    private static final class Collector implements WebSocket.Listener {
        interface Sink {
            void frame(ServerMessage frame, long bytes);
        }

        private final RelayCodec codec = new RelayCodec();
        private final StringBuilder partial = new StringBuilder();
        private final Sink sink;

        Collector(Sink sink) {
            this.sink = sink;
        }

        Collector(java.util.function.Consumer<ServerMessage> consumer) {
            this((frame, bytes) -> consumer.accept(frame));
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    sink.frame(codec.decodeServer(text), text.getBytes(StandardCharsets.UTF_8).length);
                } catch (ProtocolException e) {
                    System.err.println("undecodable frame: " + e.getMessage());
                }
            }
            return null;
        }
    }

    /** A Roo stand-in on a Unix socket speaking node-ipc framing: Ack, then the events it is told to send. */
    private static final class StandInRoo implements AutoCloseable {
        private final ServerSocketChannel server;
        private final CountDownLatch connected = new CountDownLatch(1);
        private volatile SocketChannel client;

        StandInRoo(Path socket) throws Exception {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(this::accept, "stand-in-roo");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            try {
                SocketChannel channel = server.accept();
                client = channel;
                write(
                        "{\"type\":\"Ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"bench\",\"pid\":1,\"ppid\":1}}");
                connected.countDown();
                ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
                while (channel.read(sink) >= 0) {
                    sink.clear();
                }
            } catch (Exception e) {
                // closed
            }
        }

        void awaitClient() throws InterruptedException {
            if (!connected.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the relay did not connect to the stand-in Roo");
            }
        }

        void startTask(String taskId) throws Exception {
            event("taskCreated", "[\"" + taskId + "\"]");
            event("taskStarted", "[\"" + taskId + "\"]");
        }

        void say(long ts, String text) throws Exception {
            event(
                    "message",
                    "[{\"taskId\":\"bench-task\",\"action\":\"created\",\"message\":{\"ts\":" + ts
                            + ",\"type\":\"say\",\"say\":\"text\",\"text\":\"" + text + "\",\"partial\":false}}]");
        }

        private void event(String name, String payload) throws Exception {
            write("{\"type\":\"TaskEvent\",\"origin\":\"server\",\"data\":{\"eventName\":\"" + name + "\",\"payload\":"
                    + payload + "}}");
        }

        private synchronized void write(String json) throws Exception {
            ByteBuffer buffer = ByteBuffer.wrap(
                    ("{\"type\":\"message\",\"data\":" + json + "}\f").getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                client.write(buffer);
            }
        }

        @Override
        public void close() throws Exception {
            if (client != null) {
                client.close();
            }
            server.close();
        }
    }
}
