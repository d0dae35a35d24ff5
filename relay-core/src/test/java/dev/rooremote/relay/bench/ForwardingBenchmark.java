package dev.rooremote.relay.bench;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.IpcFrameEncoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.relay.server.Limits;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.testsupport.roo.ScriptedRoo;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Measures the relay's forwarding latency end to end on loopback and prints the figures (a benchmark, not
 * a test): a Roo stand-in on a real Unix socket sends 1,000 {@code message} events per second into an
 * {@code --attach} session; 10 WSS clients (Jetty's WebSocket client, TLS with the relay's certificate
 * pinned) are subscribed. They run in a second JVM, as real clients would, so that their garbage
 * collection does not pause the relay. Latency runs from just before the stand-in writes the IPC frame to
 * the moment a client holds the whole WebSocket frame ({@link System#nanoTime()} is one clock for both
 * processes); p50, p99, p99.9 and max are over every client.
 *
 * <p>Beside the relay, in the same JVM and on the same Jetty with the same certificate, runs its floor
 * ({@link FloorForwarder}): Roo's frames passed as they are to the same clients, with no session, no
 * event log and no encoding. Rounds alternate between the two (-Dbench.rounds, 3 by default), each with
 * a fresh client process and its own warm-up, and the last line is the ratio of their p99s. The cost of
 * streaming is measured by relay-client's {@code StreamingBenchmark}.
 *
 * <p>Run as BENCHMARKS.md shows.
 */
public final class ForwardingBenchmark {

    /** Overridable with -Dbench.clients, -Dbench.rate, -Dbench.events for runs on smaller machines. */
    private static final int CLIENTS = Integer.getInteger("bench.clients", 10);

    private static final int RATE = Integer.getInteger("bench.rate", 1_000);
    /** Enough for the JIT to have compiled the relay's path: the figures are for a relay that has run a while. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20_000);

    private static final int MEASURED = Integer.getInteger("bench.events", 20_000);
    /** Rounds of each, relay and floor alternating. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private static final long BASE_TS = 1_800_000_000_000L;
    private static final String TASK = "bench-task";
    private static final String CLIENTS_MODE = "clients";
    /** How Roo's IPC frame of a task event begins: what the floor forwards as it is. */
    private static final String ROO_EVENT = "{\"type\":\"message\",\"data\":{\"type\":\"TaskEvent\"";

    private ForwardingBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CLIENTS_MODE)) {
            clients(args);
            return;
        }
        Path root = Files.createTempDirectory("roo-bench");
        System.out.println("roo-relay forwarding benchmark, relay beside its floor; "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + String.format(Locale.ROOT, "%.2f", loadAverage()) + ", Java " + System.getProperty("java.version"));
        compare(root);
        System.exit(0);
    }

    /**
     * The relay and the floor side by side in this JVM, each with its own Roo stand-in; rounds alternate
     * between them so that whatever else the machine does hits both alike.
     */
    private static void compare(Path root) throws Exception {
        Path relaySocket =
                Path.of("/tmp", "roo-bench-" + ProcessHandle.current().pid() + ".sock");
        Path floorSocket =
                Path.of("/tmp", "roo-bench-floor-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(relaySocket);
        Files.deleteIfExists(floorSocket);
        try (ScriptedRoo relayRoo = new ScriptedRoo(relaySocket);
                ScriptedRoo floorRoo = new ScriptedRoo(floorSocket);
                RelayRuntime relay = RelayRuntime.start(
                        new RelayRuntime.Options(
                                root.resolve("data"), "127.0.0.1", 0, false, null, null, Limits.defaults(), null, null),
                        (log, settings, dir, metrics) -> new SessionManager(
                                log,
                                settings,
                                dir,
                                List.of(new SessionConfig.Attach("bench", relaySocket)),
                                SessionOptions.defaults()));
                FloorForwarder floor = FloorForwarder.start(relay.tls(), floorSocket)) {
            relayRoo.awaitClient(Duration.ofSeconds(30));
            floorRoo.awaitClient(Duration.ofSeconds(30));
            relay.auth().users().add("bench", Role.VIEWER, "bench-password");
            Path certificate = root.resolve("relay.crt");
            Files.write(certificate, relay.tls().certificate().getEncoded());

            System.out.printf(
                    Locale.ROOT,
                    "%nForwarding latency, Roo IPC frame in -> client WSS frame in, %d events/s, %d clients"
                            + " (another JVM), TLS, loopback;%n%d rounds each, alternating; per round %d samples"
                            + " after %d warm-up events%n",
                    RATE,
                    CLIENTS,
                    ROUNDS,
                    CLIENTS * MEASURED,
                    WARMUP);
            List<long[]> relayRounds = new ArrayList<>();
            List<long[]> floorRounds = new ArrayList<>();
            long base = BASE_TS;
            for (int round = 1; round <= ROUNDS; round++) {
                // A task per round: a subscribe's snapshot carries the current task's transcript, not earlier rounds'.
                String task = TASK + "-" + round;
                relayRoo.send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, task));
                relayRoo.send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_STARTED, task));
                long[] r =
                        round(root, relay.url(), relay.auth().accessToken("bench"), certificate, relayRoo, task, base);
                base += WARMUP + MEASURED;
                relayRounds.add(r);
                print("relay, round " + round, r);
                long[] f = round(root, floor.url(), "none", certificate, floorRoo, TASK, base);
                base += WARMUP + MEASURED;
                floorRounds.add(f);
                print("floor, round " + round, f);
            }
            long[] relayAll = merge(relayRounds);
            long[] floorAll = merge(floorRounds);
            System.out.println();
            print("relay, all rounds", relayAll);
            print("floor, all rounds", floorAll);
            System.out.println("  relay's own histogram (client queue in -> socket write done), all events:");
            relay.metrics()
                    .scrape()
                    .lines()
                    .filter(l -> l.startsWith("roo_relay_forward_latency_seconds_bucket")
                            || l.startsWith("roo_relay_forward_latency_seconds_count"))
                    .forEach(l -> System.out.println("    " + l));
            System.out.printf(
                    Locale.ROOT,
                    "ratio p99 relay/floor = %.2f%n",
                    percentile(relayAll, 0.99) / percentile(floorAll, 0.99));
        } finally {
            Files.deleteIfExists(relaySocket);
            Files.deleteIfExists(floorSocket);
        }
    }

    /** One round against {@code url}: a fresh client process, warm-up, then the measured events. */
    private static long[] round(
            Path root, String url, String token, Path certificate, ScriptedRoo roo, String task, long base)
            throws Exception {
        int total = WARMUP + MEASURED;
        Path received = root.resolve("received-" + base + ".bin");
        Process clients = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ForwardingBenchmark.class.getName(),
                        CLIENTS_MODE,
                        url,
                        token,
                        certificate.toString(),
                        received.toString(),
                        Integer.toString(CLIENTS),
                        Integer.toString(total),
                        Long.toString(base))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader fromClients =
                new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
        String ready = fromClients.readLine();
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("the client process did not start: " + ready);
        }
        // Roo is another process: its encoding work stays out of the forwarder's JVM.
        byte[][] frames = new byte[total][];
        for (int i = 0; i < total; i++) {
            frames[i] = IpcFrameEncoder.encode(new IpcMessage.TaskEventMessage(new TaskEvent.MessageEvent(
                    task,
                    TaskEvent.MessageEvent.CREATED,
                    ClineMessage.say(base + i, SayKind.TEXT, "bench " + i, false))));
        }
        long[] sentAt = new long[total];
        long interval = 1_000_000_000L / RATE;
        long next = System.nanoTime();
        for (int i = 0; i < total; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            sentAt[i] = System.nanoTime();
            roo.write(frames[i]);
            next += interval;
        }
        if (!clients.waitFor(120, TimeUnit.SECONDS)) {
            clients.destroyForcibly();
            throw new IllegalStateException("the client process did not finish");
        }
        long[] samples = latencies(received, sentAt);
        Files.deleteIfExists(received);
        return samples;
    }

    private static void print(String label, long[] samples) {
        System.out.printf(
                Locale.ROOT,
                "  %-18s p50 %7.3f ms   p99 %7.3f ms   p99.9 %7.3f ms   max %8.3f ms   (%d samples)%n",
                label,
                percentile(samples, 0.50),
                percentile(samples, 0.99),
                percentile(samples, 0.999),
                samples.length == 0 ? 0.0 : samples[samples.length - 1] / 1e6,
                samples.length);
    }

    private static long[] merge(List<long[]> rounds) {
        long[] all = rounds.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The measured events' latencies over every client, sorted. */
    private static long[] latencies(Path received, long[] sentAt) throws Exception {
        List<Long> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(received))) {
            for (int c = 0; c < CLIENTS; c++) {
                for (int i = 0; i < sentAt.length; i++) {
                    long at = in.readLong();
                    if (i >= WARMUP && at != 0) {
                        out.add(at - sentAt[i]);
                    }
                }
            }
        }
        long[] samples = out.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(samples);
        return samples;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    // ------------------------------------------------------------------ the client process

    /**
     * The clients: connect, subscribe, say "ready", note when each benchmark message arrives, then write
     * the arrival times (client by client, message by message; 0 for none) to the file.
     */
    private static void clients(String[] args) throws Exception {
        String url = args[1];
        String token = args[2];
        Path certificate = Path.of(args[3]);
        Path received = Path.of(args[4]);
        int count = Integer.parseInt(args[5]);
        int total = Integer.parseInt(args[6]);
        long base = Long.parseLong(args[7]);

        WebSocketClient websockets = new WebSocketClient(httpClient(certificate));
        websockets.start();
        long[][] arrivals = new long[count][total];
        CountDownLatch subscribed = new CountDownLatch(count);
        CountDownLatch done = new CountDownLatch(count);
        RelayCodec codec = new RelayCodec();
        for (int c = 0; c < count; c++) {
            long[] mine = arrivals[c];
            AtomicInteger seen = new AtomicInteger();
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
            upgrade.setHeader("Authorization", "Bearer " + token);
            Session session = websockets
                    .connect(
                            new Collector(text -> {
                                long now = System.nanoTime();
                                int i = benchIndex(text, base, total);
                                if (i >= 0) {
                                    mine[i] = now;
                                    if (seen.incrementAndGet() == total) {
                                        done.countDown();
                                    }
                                } else if (text.startsWith("{\"type\":\"ack\"") && text.contains("\"subscribed\"")) {
                                    subscribed.countDown();
                                }
                            }),
                            URI.create(url),
                            upgrade)
                    .get(30, TimeUnit.SECONDS);
            session.sendText(codec.encode(new ClientMessage.Subscribe("s", "bench", null)), Callback.NOOP);
        }
        if (!subscribed.await(30, TimeUnit.SECONDS)) {
            System.out.println("not every client could subscribe");
            System.exit(1);
        }
        System.out.println("ready");
        System.out.flush();
        if (!done.await(90, TimeUnit.SECONDS)) {
            System.err.println("  (not every client received every event within 90 s)");
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(received))) {
            for (long[] perClient : arrivals) {
                for (long at : perClient) {
                    out.writeLong(at);
                }
            }
        }
        websockets.stop();
        System.exit(0);
    }

    /**
     * Which benchmark message a frame carries (from its {@code ts}), or -1: the relay's {@code event}
     * frame, or the floor's, which is Roo's own IPC frame. Ten clients decoding every frame fully would
     * take CPU from the relay on the same cores, so the clients only look for the number.
     */
    private static int benchIndex(String frame, long base, int total) {
        boolean relayEvent = frame.startsWith("{\"type\":\"event\"") && frame.contains("\"created\":true");
        boolean rooEvent = frame.startsWith(ROO_EVENT);
        if (!relayEvent && !rooEvent) {
            return -1;
        }
        int at = frame.indexOf("\"ts\":");
        if (at < 0) {
            return -1;
        }
        long ts = 0;
        for (int k = at + 5; k < frame.length() && Character.isDigit(frame.charAt(k)); k++) {
            ts = ts * 10 + (frame.charAt(k) - '0');
        }
        long i = ts - base;
        return i >= 0 && i < total ? (int) i : -1;
    }

    /** A Jetty HTTP client that trusts exactly the relay's certificate. */
    private static HttpClient httpClient(Path certificate) throws Exception {
        X509Certificate relay;
        try (var in = Files.newInputStream(certificate)) {
            relay = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("relay", relay);
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustStore(trust);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        return new HttpClient(new HttpClientTransportOverHTTP(connector));
    }

    /** Hands on every text frame as it arrives (on Jetty's I/O thread: no hop to another thread). */
    public static final class Collector implements Session.Listener.AutoDemanding {
        interface Sink {
            void frame(String text);
        }

        private final Sink sink;

        Collector(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void onWebSocketText(String text) {
            sink.frame(text);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // the relay closes first when the benchmark ends
        }
    }
}
