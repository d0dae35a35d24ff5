package dev.rooremote.relay.bench;

import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import dev.rooremote.relay.store.PostgresTarget;
import dev.rooremote.relay.store.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The embedded database beside PostgreSQL (a real server from zonky's binaries, on loopback), on the same
 * machine in the same run, alternating so that drift hits both alike (a benchmark, not a test):
 *
 * <ul>
 *   <li><b>written</b>: events per second the store commits, appending as fast as it takes them (each
 *       event a 200-character tool message, as Roo sends), until everything is committed;
 *   <li><b>forwarded</b>: from an event entering the log to a watcher holding it, at a steady rate with
 *       the store committing underneath: p50, p99, p99.9 and max. Forwarding never waits for a commit,
 *       so the two stores should give the same figures; a difference is the store's cost on the same
 *       CPU.
 * </ul>
 *
 * <p>Options: {@code -Dbench.events=50000 -Dbench.rate=5000 -Dbench.seconds=10 -Dbench.rounds=2}. Run as
 * BENCHMARKS.md shows.
 */
public final class StoreBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 50_000);
    private static final int RATE = Integer.getInteger("bench.rate", 5_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final String TEXT = "x".repeat(200);

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path temp = Files.createTempDirectory("store-bench");
        System.out.printf(
                "Stores side by side: %d events written as fast as taken; forwarding at %d events/s for %d s;"
                        + " %d rounds, alternating; %d cores%n",
                EVENTS, RATE, SECONDS, ROUNDS, Runtime.getRuntime().availableProcessors());
        TestPostgres.server();
        for (int round = 1; round <= ROUNDS; round++) {
            for (String kind : new String[] {"embedded", "postgresql"}) {
                Path dataDir = temp.resolve(kind + round);
                PostgresTarget postgres = kind.equals("postgresql") ? TestPostgres.newDatabase() : null;
                try (Database database = postgres == null
                        ? Database.open(dataDir)
                        : Database.open(DataDir.open(dataDir), postgres, "bench")) {
                    double written = written(database);
                    long[] latencies = forwarded(database);
                    Arrays.sort(latencies);
                    System.out.printf(
                            "round %d %-10s written %,9.0f events/s   forwarded p50 %6.3f ms  p99 %6.3f ms"
                                    + "  p99.9 %6.3f ms  max %7.3f ms%n",
                            round,
                            kind,
                            written,
                            millis(percentile(latencies, 0.50)),
                            millis(percentile(latencies, 0.99)),
                            millis(percentile(latencies, 0.999)),
                            millis(latencies[latencies.length - 1]));
                }
            }
        }
        System.exit(0);
    }

    /** Events per second from the first append to the last commit. */
    private static double written(Database database) {
        try (JdbcEventStore store = new JdbcEventStore(database)) {
            long start = System.nanoTime();
            for (int seq = 1; seq <= EVENTS; seq++) {
                store.append(new ServerMessage.Event(
                        "write", seq, System.currentTimeMillis(), new SessionEvent.ToolFailed("t", "x", TEXT)));
            }
            store.flush();
            return EVENTS / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Nanoseconds from each event entering the log to a watcher holding it, at {@link #RATE} a second. */
    private static long[] forwarded(Database database) {
        int count = RATE * SECONDS;
        long[] latencies = new long[count];
        long[] sentAt = new long[count + 1];
        try (JdbcEventStore store = new JdbcEventStore(database);
                EventLog log = new EventLog(store)) {
            log.open("forward", "Forward", EndpointKind.DEMO, Capabilities.stockIpc());
            long base = log.read("forward", s -> s.seq());
            int[] received = {0};
            log.subscribe("forward", base, message -> {
                if (message instanceof ServerMessage.Event event) {
                    int index = (int) (event.seq() - base) - 1;
                    if (index >= 0 && index < count) {
                        latencies[index] = System.nanoTime() - sentAt[index];
                        received[0]++;
                    }
                }
            });
            long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                while (System.nanoTime() < next) {
                    LockSupport.parkNanos(Math.max(1, next - System.nanoTime() - 50_000));
                }
                sentAt[i] = System.nanoTime();
                log.append("forward", new SessionEvent.ToolFailed("t", "x", TEXT));
                next += interval;
            }
            store.flush();
        }
        return latencies;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
