package dev.rooremote.client.bench;

import dev.rooremote.client.Credentials;
import dev.rooremote.client.RelayClient;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.testsupport.RelayFixture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How long a person waits between tapping Approve and seeing the ask resolved (a benchmark, not a test; it
 * prints its figures). A real relay over TLS on loopback serves a demo session whose Roo and companion
 * bridge (docs/BRIDGE.md, on their own Unix sockets) play a task that proposes a file edit; the product's
 * client ({@link RelayClient}, signed in as an operator) starts the task, waits for the edit's
 * {@code ask_pending}, sends {@code approve} and times, from just before sending, the relay's ack and the
 * {@code ask_resolved} event: relay, bridge, Roo's answer, and the event back over the same WebSocket.
 * Many asks in a row after a warm-up.
 *
 * <p>The floor, alternating with each approve in the same run: a {@code list_sessions} request and its
 * ack over the same WebSocket, the cheapest round trip through the relay.
 *
 * <p>Run (about two minutes), from the repository's root, after {@code ./mvnw -B -q install -DskipTests -pl
 * '!packaging'}:
 *
 * <pre>
 * ./mvnw -B -q -pl relay-client test-compile dependency:build-classpath \
 *   -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -cp "relay-client/target/test-classes:relay-client/target/classes:$(cat relay-client/target/bench.classpath)" \
 *   dev.rooremote.client.bench.ApproveBenchmark
 * </pre>
 *
 * Options: {@code -Dbench.warmup=30 -Dbench.asks=200}.
 */
public final class ApproveBenchmark {

    private static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    private static final int ASKS = Integer.getInteger("bench.asks", 200);
    private static final String SESSION = "demo-1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private record Seen(long nanos, SessionEvent event) {}

    private ApproveBenchmark() {}

    public static void main(String[] args) throws Exception {
        String key = "org.slf4j.simpleLogger.defaultLogLevel";
        System.setProperty(key, System.getProperty(key, "warn"));
        try (RelayFixture relay = RelayFixture.builder()
                        .demoSessions(1)
                        .demoTiming(DemoRoo.Timing.fast(Duration.ofMillis(150)))
                        .sessionOptions(SessionOptions.fast(Duration.ofMillis(50)))
                        .start();
                RelayClient client = RelayClient.builder(relay.url())
                        .fingerprint(relay.fingerprint())
                        .credentials(Credentials.password(
                                "bob", relay.password("bob").toCharArray()))
                        .build()) {
            client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            BlockingQueue<Seen> events = new LinkedBlockingQueue<>();
            client.subscribe(SESSION, (session, event) -> events.add(new Seen(System.nanoTime(), event.event())))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            awaitBridge(client);

            long[] acked = new long[ASKS];
            long[] resolved = new long[ASKS];
            long[] floor = new long[ASKS];
            for (int i = -WARMUP; i < ASKS; i++) {
                long[] approve = approveOne(client, events);
                long start = System.nanoTime();
                client.sessions().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                long listed = System.nanoTime() - start;
                if (i >= 0) {
                    acked[i] = approve[0];
                    resolved[i] = approve[1];
                    floor[i] = listed;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "approve round trip: approve sent -> ask_resolved seen, through the relay and the session's"
                            + " bridge (demo Roo), TLS on loopback;%n  %d asks after %d warm-up, each beside a"
                            + " list_sessions round trip on the same WebSocket;"
                            + " %d CPUs, load average %.2f at the end, Java %s%n",
                    ASKS,
                    WARMUP,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    System.getProperty("java.version"));
            line("approve -> ask_resolved", resolved);
            line("approve -> ack", acked);
            line("floor: list_sessions -> ack", floor);
            System.out.printf(
                    Locale.ROOT,
                    "ratio p99 approve -> ask_resolved / list_sessions = %.2f%n",
                    percentile(resolved, 0.99) / (double) percentile(floor, 0.99));
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Starts a task, waits for its file edit to be pending, approves it; returns the nanos to the ack and to ask_resolved. */
    private static long[] approveOne(RelayClient client, BlockingQueue<Seen> events) throws Exception {
        events.clear();
        String taskId = client.startTask(SESSION, "Add a usage section to the README", List.of(), null)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        SessionEvent.AskPending pending = null;
        while (pending == null) {
            if (next(events).event() instanceof SessionEvent.AskPending p
                    && p.ask().taskId().equals(taskId)
                    && "tool".equals(p.ask().ask())) {
                pending = p;
            }
        }
        long start = System.nanoTime();
        client.approve(SESSION, taskId, pending.ask().ts()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long acked = System.nanoTime() - start;
        while (true) {
            Seen seen = next(events);
            if (seen.event() instanceof SessionEvent.AskResolved r
                    && r.taskId().equals(taskId)
                    && r.ts() == pending.ask().ts()) {
                if (r.resolution() != SessionEvent.Resolution.ANSWERED) {
                    throw new IllegalStateException("the ask was " + r.resolution() + ", not answered");
                }
                return new long[] {acked, seen.nanos() - start};
            }
        }
    }

    private static Seen next(BlockingQueue<Seen> events) throws InterruptedException {
        Seen seen = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (seen == null) {
            throw new IllegalStateException("no event from the session within " + WAIT);
        }
        return seen;
    }

    /** Waits until the session's bridge is connected, so that approve is possible. */
    private static void awaitBridge(RelayClient client) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (client.sessions().get(WAIT.toSeconds(), TimeUnit.SECONDS).stream()
                .noneMatch(
                        s -> s.sessionId().equals(SESSION) && s.capabilities().approve())) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the demo session's bridge did not connect within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    private static void line(String what, long[] nanos) {
        System.out.printf(
                Locale.ROOT,
                "  %-30s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n",
                what,
                percentile(nanos, 0.50) / 1e6,
                percentile(nanos, 0.99) / 1e6,
                Arrays.stream(nanos).max().orElse(0) / 1e6);
    }

    private static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
