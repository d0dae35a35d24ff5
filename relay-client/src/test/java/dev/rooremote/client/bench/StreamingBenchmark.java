package dev.rooremote.client.bench;

import dev.rooremote.client.CountingProxy;
import dev.rooremote.client.Credentials;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TextDelta;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.protocol.roo.TokenUsage;
import dev.rooremote.relay.server.Limits;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.testsupport.roo.ScriptedRoo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.zip.Deflater;

/**
 * What a streamed 20 KB reply costs a client (a benchmark, not a test; it prints its figures). A Roo
 * stand-in on a real Unix socket streams 20 KB of this repository's own documentation (real prose and
 * Markdown, nothing repeated) the way the recorded extension does: the whole text so far every 40 ms,
 * 16 characters more each time. The relay serves it over TLS to the product's client ({@link RelayClient},
 * which asks for permessage-deflate) through a TCP proxy that counts every byte the client receives.
 * It runs once per stream interval ({@code -Dbench.intervals=0,250}, in milliseconds) and reply
 * ({@code -Dbench.replies=prose,repetitive}), and sets the bytes on the wire against two floors: the reply
 * deflated on its own (the floor for any compressed transport, live or not), and the live floor ({@link
 * LiveStream}): the text deltas the client received, deflated as one stream with a flush per update, one
 * WebSocket frame and one TLS record each. The wire is split by phase (a TLS handshake alone, sign-in and
 * connecting, subscribing, the task's events before, during and after the reply), with the TLS records
 * the proxy saw in each.
 *
 * <p>Run as BENCHMARKS.md shows.
 */
public final class StreamingBenchmark {

    private static final int REPLY_CHARS = Integer.getInteger("bench.replyChars", 20_000);
    private static final int CHUNK = Integer.getInteger("bench.chunk", 16);
    private static final long PACE_MILLIS = Long.getLong("bench.paceMillis", 40);
    private static final String TASK = "0199a000-0000-7000-8000-00000000b001";
    private static final long TS = 1_795_593_100_000L;
    private static final String HANDSHAKE = "TLS handshake (a connection's own)";
    private static final String CONNECT = "sign-in (HTTPS) and WebSocket: handshakes, welcome";
    private static final String SUBSCRIBE = "subscribing: sessions, snapshot";
    private static final String BEFORE = "before the reply: task created, started";
    private static final String STREAMING = "streaming updates, final text included";
    private static final String AFTER = "after: task completed";

    private StreamingBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "roo-relay streaming benchmark; %d CPUs, load average %.2f, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                System.getProperty("java.version"));
        for (String kind :
                System.getProperty("bench.replies", "prose,repetitive").split(",")) {
            String reply = reply(kind.strip());
            int size = reply.getBytes(StandardCharsets.UTF_8).length;
            System.out.printf(
                    Locale.ROOT,
                    "%nA %s reply of %,d bytes (deflated on its own: %,d bytes, the floor) streamed as Roo does:"
                            + " the whole text every %d ms, %d characters more each time (%,d updates).%n",
                    kind.strip(),
                    size,
                    deflated(reply),
                    PACE_MILLIS,
                    CHUNK,
                    updates(reply).size());
            for (String interval :
                    System.getProperty("bench.intervals", "0,250").split(",")) {
                run(Duration.ofMillis(Long.parseLong(interval.strip())), reply);
            }
        }
        System.exit(0);
    }

    /** The reply's own size compressed with deflate at the default level: what any compressed transport starts from. */
    static int deflated(String text) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] buffer = new byte[8192];
        int total = 0;
        while (!deflater.finished()) {
            total += deflater.deflate(buffer);
        }
        deflater.end();
        return total;
    }

    private static void run(Duration interval, String reply) throws Exception {
        Path dir = Files.createTempDirectory("roo-stream-bench");
        Path socket = dir.resolve("roo.sock");
        SessionOptions options = SessionOptions.defaults().withStreamInterval(interval);
        SessionManager[] manager = new SessionManager[1];
        try (ScriptedRoo roo = new ScriptedRoo(socket);
                RelayRuntime relay = RelayRuntime.start(
                        new RelayRuntime.Options(
                                dir.resolve("data"), "127.0.0.1", 0, false, null, null, Limits.defaults(), null, null),
                        (log, settings, dataDir, metrics) -> manager[0] = new SessionManager(
                                log, settings, dataDir, List.of(new SessionConfig.Attach("bench", socket)), options));
                CountingProxy proxy = new CountingProxy(URI.create(relay.url()).getPort())) {
            roo.awaitClient(Duration.ofSeconds(30));
            relay.auth().users().add("bench", Role.VIEWER, "bench-password");
            RelayCodec codec = new RelayCodec();
            AtomicLong eventBytes = new AtomicLong();
            LiveStream deltas = new LiveStream();
            LiveStream events = new LiveStream();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            WirePhases wire = new WirePhases(proxy);
            String tls = wire.handshake(HANDSHAKE, relay.fingerprint());
            wire.skip();
            try (RelayClient client = RelayClient.builder(proxy.rewrite(relay.url()))
                    .fingerprint(relay.fingerprint())
                    .credentials(Credentials.password("bench", "bench-password".toCharArray()))
                    .build()) {
                client.connect().get(30, TimeUnit.SECONDS);
                wire.mark(CONNECT);
                client.subscribe("bench", (session, event) -> {
                            seen.add(event.event().getClass().getSimpleName());
                            if (event.event() instanceof SessionEvent.Message message) {
                                String json = codec.encode(event);
                                eventBytes.addAndGet(json.getBytes(StandardCharsets.UTF_8).length);
                                events.add(json);
                                TextDelta text = message.text();
                                deltas.add(text == null ? "" : text.append() != null ? text.append() : text.replace());
                            }
                        })
                        .get(30, TimeUnit.SECONDS);
                wire.mark(SUBSCRIBE);
                WatchedSession watched = client.watched("bench").orElseThrow();
                long ipcBefore = roo.bytesWritten();

                roo.send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, TASK));
                roo.send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_STARTED, TASK));
                await(() -> seen.contains("TaskStarted"));
                wire.mark(BEFORE);
                List<String> updates = updates(reply);
                long next = System.nanoTime();
                for (int i = 0; i < updates.size(); i++) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS);
                    roo.send(new TaskEvent.MessageEvent(
                            TASK,
                            i == 0 ? TaskEvent.MessageEvent.CREATED : TaskEvent.MessageEvent.UPDATED,
                            ClineMessage.say(TS, SayKind.TEXT, updates.get(i), true)));
                }
                roo.send(new TaskEvent.MessageEvent(
                        TASK, TaskEvent.MessageEvent.UPDATED, ClineMessage.say(TS, SayKind.TEXT, reply, false)));
                if (!await(() -> finished(watched, reply))) {
                    System.out.println("  (the client did not receive the whole reply within 60 s)");
                }
                WirePhases.Phase streaming = wire.mark(STREAMING);
                roo.send(new TaskEvent.TaskCompleted(
                        TASK, new TokenUsage(9721, 5046, 0L, 0L, 0.0412, 14767), Map.of(), false));
                await(() -> watched.task(TASK)
                        .map(t -> t.state() == TaskState.COMPLETED)
                        .orElse(false));
                wire.mark(AFTER);
                long ipc = roo.bytesWritten() - ipcBefore;
                report(interval, reply, wire, streaming, tls, deltas, events, eventBytes.get(), ipc);
                deltas.end();
                events.end();
            }
        }
    }

    private static void report(
            Duration interval,
            String reply,
            WirePhases wire,
            WirePhases.Phase streaming,
            String tls,
            LiveStream deltas,
            LiveStream events,
            long eventBytes,
            long ipc) {
        double size = reply.getBytes(StandardCharsets.UTF_8).length;
        double floor = deflated(reply);
        long task = wire.phases().get(BEFORE).bytes()
                + streaming.bytes()
                + wire.phases().get(AFTER).bytes();
        StringBuilder phases = new StringBuilder();
        wire.phases()
                .forEach((name, phase) -> phases.append(String.format(
                        Locale.ROOT,
                        "    %-44s %,9d bytes in %,5d TLS records%n",
                        name,
                        phase.bytes(),
                        phase.records())));
        long live = deltas.wire(LiveStream.TLS_RECORD);
        long liveJdk = deltas.wire(LiveStream.JDK_TLS_RECORD);
        System.out.printf(
                Locale.ROOT,
                "%nStream interval %d ms  (load average %.2f)%n"
                        + "  message events received     %,9d%n"
                        + "  relay -> client, on the wire, by phase (%s):%n%s"
                        + "  the task on the wire        %,9d bytes  (%.2f x the reply; its last three phases)%n"
                        + "  the same events as JSON     %,9d bytes  (%.2f x; a client without compression)%n"
                        + "  Roo -> relay, raw IPC       %,9d bytes  (%.1f x)%n"
                        + "  live floor: the %,d text deltas received (%,d bytes), deflated as one stream with a sync"
                        + " flush each (%,d bytes),%n"
                        + "    + %,d WebSocket headers + %,d TLS 1.3 records of %d bytes = %,d bytes"
                        + "  (with the JDK's %d-byte records: %,d)%n"
                        + "  the relay's %,d message events as JSON, deflated and framed the same way (JDK records):"
                        + " %,d bytes%n"
                        + "  ratio wire/deflated reply = %.2f  (the task: %.2f)%n"
                        + "  ratio wire/live floor = %.2f  (streaming updates %,d bytes against %,d; against the JDK's"
                        + " records: %.2f)%n",
                interval.toMillis(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                deltas.updates(),
                tls,
                phases,
                task,
                task / size,
                eventBytes,
                eventBytes / size,
                ipc,
                ipc / size,
                deltas.updates(),
                deltas.input(),
                deltas.deflated(),
                deltas.webSocketHeaders(),
                deltas.updates(),
                LiveStream.TLS_RECORD,
                live,
                LiveStream.JDK_TLS_RECORD,
                liveJdk,
                events.updates(),
                events.wire(LiveStream.JDK_TLS_RECORD),
                streaming.bytes() / floor,
                task / floor,
                streaming.bytes() / (double) live,
                streaming.bytes(),
                live,
                streaming.bytes() / (double) liveJdk);
    }

    /** Waits up to 60 s for {@code condition}; false if it never held. */
    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }

    private static boolean finished(WatchedSession watched, String reply) {
        return watched.transcript(TASK).orElse(List.of()).stream()
                .anyMatch(m -> m.ts() == TS && !m.isPartial() && reply.equals(m.text()));
    }

    /** The text so far at each of Roo's updates, CHUNK code points apart. */
    private static List<String> updates(String reply) {
        List<String> out = new ArrayList<>();
        int end = 0;
        while (end < reply.length()) {
            end = reply.offsetByCodePoints(end, Math.min(CHUNK, reply.codePointCount(end, reply.length())));
            out.add(reply.substring(0, end));
        }
        return out;
    }

    /**
     * REPLY_CHARS of text: {@code prose}, the repository's documentation (real prose and Markdown, nothing
     * repeated), or {@code repetitive}, one line of a build log over and over with a counter.
     */
    private static String reply(String kind) throws Exception {
        return switch (kind) {
            case "prose" -> prose();
            case "repetitive" -> repetitive();
            default ->
                throw new IllegalArgumentException(
                        "-Dbench.replies: '" + kind + "' is not a reply; use prose, repetitive or both");
        };
    }

    private static String repetitive() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; text.length() < REPLY_CHARS; i++) {
            text.append("[INFO] Compiling module ").append(i).append(" of the project: OK\n");
        }
        return text.substring(0, REPLY_CHARS);
    }

    private static String prose() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("protocol/PROTOCOL.md"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("run from inside the repository: its documentation is the streamed text");
        }
        StringBuilder text = new StringBuilder();
        for (String doc :
                List.of("README.md", "protocol/PROTOCOL.md", "relay-client/AGENT.md", "relay-core/README.md")) {
            text.append(Files.readString(root.resolve(doc))).append("\n\n");
        }
        if (text.length() < REPLY_CHARS) {
            throw new IllegalStateException("the documentation is shorter than " + REPLY_CHARS + " characters");
        }
        int end = REPLY_CHARS;
        if (Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }
}
