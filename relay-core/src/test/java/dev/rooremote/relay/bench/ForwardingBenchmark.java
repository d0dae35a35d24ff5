package dev.rooremote.relay.bench;

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
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the relay's forwarding latency end to end on loopback and prints the figures (a benchmark, not
 * a test): a Roo stand-in on a real Unix socket sends 1,000 {@code message} events per second into an
 * {@code --attach} session; 10 WSS clients (Jetty's WebSocket client, TLS with the relay's certificate
 * pinned) are subscribed. They run in a second JVM ({@link BenchClients}), as real clients would, so that
 * their garbage collection does not pause the relay. Latency runs from when the stand-in is due to write
 * the IPC frame (at a steady rate, whether or not the forwarder keeps its socket read) to the moment a
 * client holds the whole WebSocket frame ({@link System#nanoTime()} is one
 * clock for both processes); p50, p99, p99.9 and max are over every client.
 *
 * <p>Beside the relay, in the same JVM and on the same Jetty with the same certificate, runs its floor
 * ({@link FloorForwarder}): Roo's frames passed as they are to the same clients, with no session, no
 * event log and no encoding. Rounds alternate between the two (-Dbench.rounds, 3 by default), each with
 * a fresh client process and its own warm-up, and the last line is the ratio of their p99s.
 *
 * <p>With -Dbench.rates=500,1000,... it instead steps through those rates, one round of each per rate,
 * and prints the highest rate each sustains (every message reaches every client, none is cut off, and
 * the p99 stays under -Dbench.keepUpMillis, 1,000 by default: a forwarder falling behind shows as a p99
 * that grows with the run), then the p99s at the highest rate both sustain. The cost of streaming is
 * measured by relay-client's {@code StreamingBenchmark}.
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
    /** Rounds of each, relay and floor alternating, the relay first in odd rounds and the floor in even ones. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Rates to step through (events/s, comma-separated); unset: rounds at one rate. */
    private static final String RATES = System.getProperty("bench.rates", "");
    /** When stepping, seconds of warm-up and of measured events at each rate. */
    private static final int STEP_WARMUP_SECONDS = Integer.getInteger("bench.stepWarmupSeconds", 3);

    private static final int STEP_SECONDS = Integer.getInteger("bench.stepSeconds", 5);
    /** When stepping, the p99 above which a forwarder counts as not keeping up. */
    private static final long KEEP_UP_MILLIS = Long.getLong("bench.keepUpMillis", 1_000);

    /** Extra options for the client process's JVM, space-separated (e.g. a flight recording). */
    private static final String CLIENT_JVM_ARGS = System.getProperty("bench.clientJvmArgs", "");

    private static final long BASE_TS = 1_800_000_000_000L;
    private static final String TASK = "bench-task";

    private ForwardingBenchmark() {}

    /** What one round gave: latencies of the messages that arrived, sorted, and what did not. */
    private record Round(
            long[] samples,
            long expected,
            int closedClients,
            String closeCodes,
            double sendSeconds,
            long allocated,
            double forwarderCpuSeconds,
            double clientsCpuSeconds) {
        boolean keptUp() {
            return samples.length == expected && closedClients == 0 && percentile(samples, 0.99) <= KEEP_UP_MILLIS;
        }
    }

    /** The relay and the floor, each with its own Roo stand-in, and the clients' credentials. */
    private record Forwarders(
            RelayRuntime relay,
            ScriptedRoo relayRoo,
            FloorForwarder floor,
            ScriptedRoo floorRoo,
            Path certificate,
            Path root) {}

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("roo-bench");
        System.out.println("roo-relay forwarding benchmark, relay beside its floor; "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + String.format(Locale.ROOT, "%.2f", loadAverage()) + ", Java " + System.getProperty("java.version"));
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
            Forwarders forwarders = new Forwarders(relay, relayRoo, floor, floorRoo, certificate, root);
            if (RATES.isBlank()) {
                compare(forwarders);
            } else {
                step(forwarders);
            }
            System.out.println("  relay's own histogram (client queue in -> socket write done), all events:");
            relay.metrics()
                    .scrape()
                    .lines()
                    .filter(l -> l.startsWith("roo_relay_forward_latency_seconds_bucket")
                            || l.startsWith("roo_relay_forward_latency_seconds_count"))
                    .forEach(l -> System.out.println("    " + l));
        } finally {
            Files.deleteIfExists(relaySocket);
            Files.deleteIfExists(floorSocket);
        }
        System.exit(0);
    }

    /** Rounds at one rate, alternating between the relay and the floor so that whatever else the machine does hits both alike. */
    private static void compare(Forwarders f) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%nForwarding latency, Roo IPC frame in -> client WSS frame in, %d events/s, %d clients"
                        + " (another JVM), TLS, loopback;%n%d rounds each, alternating; per round %d samples"
                        + " after %d warm-up events%n",
                RATE,
                CLIENTS,
                ROUNDS,
                (long) CLIENTS * MEASURED,
                WARMUP);
        List<long[]> relayRounds = new ArrayList<>();
        List<long[]> floorRounds = new ArrayList<>();
        long[] base = {BASE_TS};
        for (int round = 1; round <= ROUNDS; round++) {
            // Which goes first alternates too: the first round of all runs while the JIT is cold.
            boolean relayFirst = round % 2 == 1;
            for (int turn = 0; turn < 2; turn++) {
                if (relayFirst == (turn == 0)) {
                    Round r = relayRound(f, round, base, RATE, WARMUP, MEASURED);
                    relayRounds.add(r.samples());
                    print("relay, round " + round, r);
                } else {
                    Round fl = floorRound(f, base, RATE, WARMUP, MEASURED);
                    floorRounds.add(fl.samples());
                    print("floor, round " + round, fl);
                }
            }
        }
        long[] relayAll = merge(relayRounds);
        long[] floorAll = merge(floorRounds);
        System.out.println();
        print("relay, all rounds", relayAll);
        print("floor, all rounds", floorAll);
        System.out.printf(
                Locale.ROOT, "ratio p99 relay/floor = %.2f%n", percentile(relayAll, 0.99) / percentile(floorAll, 0.99));
    }

    /**
     * One round of each per rate, rising, until neither keeps up at two rates in a row; then the highest rate each sustains
     * and the p99s at the highest both sustain.
     */
    private static void step(Forwarders f) throws Exception {
        int[] rates = Arrays.stream(RATES.split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        System.out.printf(
                Locale.ROOT,
                "%nHighest sustained rate, %d clients (another JVM), TLS, loopback; at each rate one round of each,"
                        + " %d s of warm-up and %d s measured;%nsustained = every message reaches every client,"
                        + " no client is cut off (the relay's slow_consumer; the floor has no limit), p99 <= %d ms%n",
                CLIENTS,
                STEP_WARMUP_SECONDS,
                STEP_SECONDS,
                KEEP_UP_MILLIS);
        long[] base = {BASE_TS};
        int relayBest = 0;
        int floorBest = 0;
        int bothBest = 0;
        Round relayAtBoth = null;
        Round floorAtBoth = null;
        int failedBoth = 0;
        for (int i = 0; i < rates.length; i++) {
            int rate = rates[i];
            int warmup = rate * STEP_WARMUP_SECONDS;
            int measured = rate * STEP_SECONDS;
            Round r = relayRound(f, i + 1, base, rate, warmup, measured);
            print(String.format(Locale.ROOT, "relay, %,d/s", rate), r);
            Round fl = floorRound(f, base, rate, warmup, measured);
            print(String.format(Locale.ROOT, "floor, %,d/s", rate), fl);
            relayBest = r.keptUp() ? rate : relayBest;
            floorBest = fl.keptUp() ? rate : floorBest;
            if (r.keptUp() && fl.keptUp()) {
                bothBest = rate;
                relayAtBoth = r;
                floorAtBoth = fl;
            }
            // Once both fail twice in a row, higher rates would only fail too (one failure may be a busy moment).
            failedBoth = !r.keptUp() && !fl.keptUp() ? failedBoth + 1 : 0;
            if (failedBoth == 2) {
                break;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nhighest sustained rate, %d clients: relay %,d events/s, floor %,d events/s%n",
                CLIENTS,
                relayBest,
                floorBest);
        if (relayAtBoth != null) {
            System.out.printf(
                    Locale.ROOT,
                    "ratio p99 relay/floor at %,d events/s = %.2f%n",
                    bothBest,
                    percentile(relayAtBoth.samples(), 0.99) / percentile(floorAtBoth.samples(), 0.99));
        } else {
            System.out.println("no rate was sustained by both");
        }
    }

    private static Round relayRound(Forwarders f, int round, long[] base, int rate, int warmup, int measured)
            throws Exception {
        // A task per round: a subscribe's snapshot carries the current task's transcript, not earlier rounds'.
        String task = TASK + "-" + round;
        f.relayRoo().send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, task));
        f.relayRoo().send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_STARTED, task));
        Round r = round(
                f,
                f.relay().url(),
                f.relay().auth().accessToken("bench"),
                f.relayRoo(),
                task,
                base[0],
                rate,
                warmup,
                measured);
        base[0] += warmup + measured;
        return r;
    }

    private static Round floorRound(Forwarders f, long[] base, int rate, int warmup, int measured) throws Exception {
        Round r = round(f, f.floor().url(), "none", f.floorRoo(), TASK, base[0], rate, warmup, measured);
        base[0] += warmup + measured;
        return r;
    }

    /** One round against {@code url}: a fresh client process, warm-up, then the measured events. */
    private static Round round(
            Forwarders f,
            String url,
            String token,
            ScriptedRoo roo,
            String task,
            long base,
            int rate,
            int warmup,
            int measured)
            throws Exception {
        int total = warmup + measured;
        Path received = f.root().resolve("received-" + base + ".bin");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!CLIENT_JVM_ARGS.isBlank()) {
            command.addAll(Arrays.asList(CLIENT_JVM_ARGS.trim().split("\\s+")));
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                BenchClients.class.getName(),
                url,
                token,
                f.certificate().toString(),
                received.toString(),
                Integer.toString(CLIENTS),
                Integer.toString(total),
                Long.toString(base)));
        Process clients = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader fromClients =
                new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
        // Lines the JVM prints first (a flight recording's start, say) are passed on.
        String ready = fromClients.readLine();
        while (ready != null && !BenchClients.READY.equals(ready) && ready.startsWith("[")) {
            System.out.println("  (client process) " + ready);
            ready = fromClients.readLine();
        }
        if (!BenchClients.READY.equals(ready)) {
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
        Map<Long, Long> allocatedBefore = allocatedByThread();
        long cpuBefore = processCpuNanos();
        java.time.Duration clientsCpuBefore = clients.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long next = start;
        for (int i = 0; i < total; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            // From when the event was due, not when it was written: a forwarder that stops reading holds
            // Roo's writes back, and that wait is latency too (a bare forwarder's reader does).
            sentAt[i] = next;
            roo.write(frames[i]);
            next += interval;
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        String closed = null;
        long cpuAfter = 0;
        java.time.Duration clientsCpuAfter = java.time.Duration.ZERO;
        for (String line = fromClients.readLine(); line != null; line = fromClients.readLine()) {
            if (line.startsWith(BenchClients.CLOSED)) {
                // Taken when the clients report, their arrival times written, before they exit.
                cpuAfter = processCpuNanos();
                clientsCpuAfter = clients.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
            }
            closed = line.startsWith(BenchClients.CLOSED) ? line : closed;
        }
        if (!clients.waitFor(120, TimeUnit.SECONDS)) {
            clients.destroyForcibly();
            throw new IllegalStateException("the client process did not finish");
        }
        if (closed == null) {
            throw new IllegalStateException("the client process ended without its report");
        }
        long allocated = allocatedSince(allocatedBefore);
        String[] report = closed.split(" ", 3);
        long[] samples = latencies(received, sentAt, warmup);
        Files.deleteIfExists(received);
        return new Round(
                samples,
                (long) CLIENTS * measured,
                Integer.parseInt(report[1]),
                report.length > 2 ? report[2] : "",
                sendSeconds,
                allocated / total,
                (cpuAfter - cpuBefore) / 1e9,
                clientsCpuAfter.minus(clientsCpuBefore).toNanos() / 1e9);
    }

    private static void print(String label, Round round) {
        print(label, round.samples());
        System.out.printf(
                Locale.ROOT,
                "  %-18s %,d bytes allocated in this JVM per event; CPU from the first event to the last arrival:"
                        + " this JVM %.1f s, the client process %.1f s%n",
                "",
                round.allocated(),
                round.forwarderCpuSeconds(),
                round.clientsCpuSeconds());
        if (round.samples().length != round.expected() || round.closedClients() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-18s %d of %d samples missing; %d clients closed (codes %s; 1013 = the relay cut it off as a slow consumer)%n",
                    "",
                    round.expected() - round.samples().length,
                    round.expected(),
                    round.closedClients(),
                    round.closeCodes().isEmpty() ? "none" : round.closeCodes());
        }
        if (!RATES.isBlank()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-18s stand-in sent for %.1f s (planned %.1f s); %s%n",
                    "",
                    round.sendSeconds(),
                    (double) (STEP_WARMUP_SECONDS + STEP_SECONDS),
                    round.keptUp() ? "sustained" : "not sustained");
        }
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

    /** Bytes each live thread of this JVM has allocated so far. */
    private static Map<Long, Long> allocatedByThread() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            byThread.put(ids[i], bytes[i]);
        }
        return byThread;
    }

    /**
     * What this JVM's threads (the forwarder, and the stand-in's writing) allocated since {@code before};
     * threads that ended meanwhile are missed, so it is a lower bound.
     */
    private static long allocatedSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> now : allocatedByThread().entrySet()) {
            if (now.getValue() > 0) {
                sum += now.getValue() - before.getOrDefault(now.getKey(), 0L);
            }
        }
        return sum;
    }

    private static long[] merge(List<long[]> rounds) {
        long[] all = rounds.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    /** CPU time this JVM has used so far: the forwarders, the stand-ins' writing, the JIT and GC. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The measured events' latencies over every client, sorted. */
    private static long[] latencies(Path received, long[] sentAt, int warmup) throws Exception {
        long[] out = new long[CLIENTS * (sentAt.length - warmup)];
        int n = 0;
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(received), 1 << 16))) {
            for (int c = 0; c < CLIENTS; c++) {
                for (int i = 0; i < sentAt.length; i++) {
                    long at = in.readLong();
                    if (i >= warmup && at != 0) {
                        out[n++] = at - sentAt[i];
                    }
                }
            }
        }
        long[] samples = Arrays.copyOf(out, n);
        Arrays.sort(samples);
        return samples;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
