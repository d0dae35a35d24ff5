package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.relay.cli.RelayMain;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay as its own process, killed with SIGKILL while a reply streams (its last events seen by the
 * client but not yet stored) and started again: the client reconnects by itself and ends up with exactly
 * what a client that connects afresh sees. A client that was away during the crash and had seen only
 * stored events resumes with the events it missed, not a snapshot.
 */
class RelayCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private Process relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.destroyForcibly();
        }
    }

    @Test
    void aClientResumingAfterTheRelayWasKilledMidStreamSeesWhatAFreshClientSees() throws Exception {
        int added = RelayMain.commandLine(
                        new ByteArrayInputStream("alice-password\n".getBytes(StandardCharsets.UTF_8)),
                        new PrintWriter(System.out, true),
                        new PrintWriter(System.err, true))
                .execute(("user add alice --role admin --password-stdin --data-dir " + dataDir).split(" "));
        assertThat(added).isZero();

        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String fingerprint = serve(port);
        String url = "wss://127.0.0.1:" + port + "/v1/ws";
        try (RelayClient alice = client(url, fingerprint);
                CountingProxy phoneNetwork = new CountingProxy(port);
                RelayClient phone = client(phoneNetwork.rewrite(url), fingerprint)) {
            alice.connect().get(30, TimeUnit.SECONDS);
            // A phone watches the start of the task, then loses its network until after the crash.
            phone.connect().get(30, TimeUnit.SECONDS);
            AtomicInteger phoneSnapshots = new AtomicInteger();
            AtomicInteger phoneUpdates = new AtomicInteger();
            phone.subscribe("demo-1", new SessionListener() {
                        @Override
                        public void onSnapshot(WatchedSession session, long seq, SessionSnapshot snapshot) {
                            phoneSnapshots.incrementAndGet();
                        }

                        @Override
                        public void onEvent(WatchedSession session, ServerMessage.Event event) {
                            if (event.event() instanceof SessionEvent.Message && phoneUpdates.incrementAndGet() == 3) {
                                phoneNetwork.refuse(true);
                                phoneNetwork.cutAll();
                            }
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            AtomicInteger updates = new AtomicInteger();
            Process first = relay;
            alice.subscribe("demo-1", (session, event) -> {
                        // Kill the relay the moment it has sent an update: the event is not stored yet.
                        if (event.event() instanceof SessionEvent.Message && updates.incrementAndGet() == 12) {
                            first.destroyForcibly();
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            String taskId =
                    alice.startTask("demo-1", "long 6000", List.of(), null).get(30, TimeUnit.SECONDS);
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(serve(port)).isEqualTo(fingerprint);
            WatchedSession resumed = alice.watched("demo-1").orElseThrow();
            WatchedSession phoneView = phone.watched("demo-1").orElseThrow();
            long phoneLastSeen = phoneView.seq();
            phoneNetwork.refuse(false);
            try (RelayClient fresh = client(url, fingerprint)) {
                fresh.connect().get(30, TimeUnit.SECONDS);
                fresh.subscribe("demo-1", (session, event) -> {}).get(30, TimeUnit.SECONDS);
                WatchedSession reference = fresh.watched("demo-1").orElseThrow();
                // The restarted demo Roo no longer has the task: it ends interrupted, the same for both.
                await().atMost(WAIT).until(() -> resumed.task(taskId)
                        .map(t -> t.state() == TaskState.ABORTED)
                        .orElse(false));
                await().atMost(WAIT).untilAsserted(() -> {
                    for (WatchedSession view : List.of(resumed, phoneView)) {
                        assertThat(view.seq()).isEqualTo(reference.seq());
                        assertThat(view.transcript(taskId)).isEqualTo(reference.transcript(taskId));
                        assertThat(view.history()).isEqualTo(reference.history());
                    }
                });
                // The phone had seen only stored events: it resumed with the events it missed and the
                // announced skip, not with a snapshot.
                assertThat(phoneLastSeen).isPositive();
                assertThat(phoneSnapshots).hasValue(1);
                assertThat(phoneView.seq()).isGreaterThan(phoneLastSeen);
            }
        }
    }

    private static RelayClient client(String url, String fingerprint) {
        return RelayClient.builder(url)
                .fingerprint(fingerprint)
                .credentials(Credentials.password("alice", "alice-password".toCharArray()))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** Starts {@code roo-relay serve} with one demo session; returns the fingerprint it prints. */
    private String serve(int port) throws IOException {
        relay = new ProcessBuilder(java(
                        "serve",
                        "--data-dir",
                        dataDir.toString(),
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--demo",
                        "1"))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> fingerprint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    int at = line.indexOf("SHA-256 ");
                    if (line.strip().startsWith("Fingerprint") && at >= 0) {
                        fingerprint.complete(line.substring(at + 8).strip().split("\\s+")[0]);
                    }
                }
                fingerprint.completeExceptionally(new IllegalStateException("the relay exited before serving"));
            } catch (IOException e) {
                fingerprint.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return fingerprint.join();
    }

    private static List<String> java(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RelayMain.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
