package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.testsupport.RelayFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network drops a client's connection a thousand times at random moments while Roo streams long
 * replies: the client reconnects and resumes each time, and a sequence audit at the end finds no event
 * lost and none applied twice, one snapshot in all (the first), and transcripts identical to the relay's
 * record of what Roo sent.
 */
class DroppedConnectionsTest {

    private static final int DROPS = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aThousandDroppedConnectionsLoseNothingAndRepeatNothing() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // Every streamed update is logged and sent (no stream interval), so drops land mid-stream.
        try (RelayFixture relay = RelayFixture.builder()
                        .demoSessions(1)
                        .dataDir(dataDir)
                        .sessionOptions(
                                SessionOptions.fast(Duration.ofMillis(300)).withStreamInterval(Duration.ZERO))
                        .start();
                CountingProxy network =
                        new CountingProxy(URI.create(relay.url()).getPort());
                RelayClient client = RelayClient.builder(network.rewrite(relay.url()))
                        .fingerprint(relay.fingerprint())
                        .credentials(Credentials.password(
                                "alice", relay.password("alice").toCharArray()))
                        .reconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
                        .requestTimeout(Duration.ofSeconds(20))
                        .build()) {
            String session = relay.sessionIds().get(0);
            client.connect().get(30, TimeUnit.SECONDS);
            List<Long> applied = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger snapshots = new AtomicInteger();
            long[] start = new long[1];
            client.subscribe(session, new SessionListener() {
                        @Override
                        public void onSnapshot(WatchedSession session, long seq, SessionSnapshot snapshot) {
                            snapshots.incrementAndGet();
                            start[0] = seq;
                        }

                        @Override
                        public void onEvent(WatchedSession session, ServerMessage.Event event) {
                            applied.add(event.seq());
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            WatchedSession watched = client.watched(session).orElseThrow();

            List<String> tasks = new ArrayList<>();
            for (int drop = 0; drop < DROPS; drop++) {
                String current = tasks.isEmpty() ? null : tasks.get(tasks.size() - 1);
                boolean running = current != null
                        && watched.task(current)
                                .map(t -> t.state() == TaskState.RUNNING)
                                .orElse(true);
                if (!running) {
                    tasks.add(client.startTask(session, "long 20000", List.of(), null)
                            .get(30, TimeUnit.SECONDS));
                }
                Thread.sleep(random.nextInt(25)); // a random moment in the stream
                long before = network.connections();
                network.cutAll();
                await().atMost(WAIT)
                        .alias("reconnected after drop " + drop + " (seed " + seed + ")")
                        .until(() -> network.connections() > before
                                && client.connectionState().status() == ConnectionState.Status.CONNECTED);
            }
            String last = tasks.get(tasks.size() - 1);
            await().atMost(Duration.ofMinutes(2)).until(() -> watched.task(last)
                    .map(t -> t.state() != TaskState.RUNNING)
                    .orElse(false));

            // The session settles: the last event applied is where the client's state stands.
            await().atMost(WAIT).until(() -> {
                synchronized (applied) {
                    return applied.get(applied.size() - 1) == watched.seq();
                }
            });
            List<Long> audit;
            synchronized (applied) {
                audit = List.copyOf(applied);
            }
            assertThat(snapshots).as("seed %d", seed).hasValue(1);
            for (int i = 0; i < audit.size(); i++) {
                assertThat(audit.get(i))
                        .as("event %d of %d applied (seed %d)", i, audit.size(), seed)
                        .isEqualTo(start[0] + 1 + i);
            }
            for (String taskId : tasks) {
                assertThat(watched.transcript(taskId).orElseThrow())
                        .as("transcript of %s (seed %d)", taskId, seed)
                        .isEqualTo(client.transcript(session, taskId)
                                .get(30, TimeUnit.SECONDS)
                                .messages());
            }
            System.out.printf(
                    "%d drops over %d tasks: %d events applied, 0 lost, 0 twice (seed %d)%n",
                    DROPS, tasks.size(), audit.size(), seed);
        }
    }
}
