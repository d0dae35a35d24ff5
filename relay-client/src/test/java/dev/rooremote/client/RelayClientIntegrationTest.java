package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library against a real relay (real TLS, real WebSocket server, demo Roo sessions). */
class RelayClientIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private TestRelay relay;
    private final List<RelayClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        relay = TestRelay.start(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(RelayClient::close);
        relay.close();
    }

    private RelayClient client(String user) throws Exception {
        RelayClient client = RelayClient.builder(relay.url())
                .fingerprint(relay.fingerprint())
                .credentials(relay.credentials(user))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(20))
                .build();
        clients.add(client);
        client.connect().get(30, TimeUnit.SECONDS);
        return client;
    }

    private String session() {
        return relay.session();
    }

    @Test
    void logsInWithAPasswordOverPinnedTlsAndSeesTheDemoSession() throws Exception {
        RelayClient bob = client("bob");
        ServerMessage.Welcome welcome = bob.welcome().orElseThrow();
        assertThat(welcome.user()).isEqualTo("bob");
        assertThat(welcome.role()).isEqualTo(Role.OPERATOR);
        List<SessionInfo> sessions = bob.sessions().get(30, TimeUnit.SECONDS);
        assertThat(sessions).extracting(SessionInfo::sessionId).contains(session());
        assertThat(bob.knownSessions()).extracting(SessionInfo::sessionId).contains(session());

        RelayClient.Builder wrongBuilder = RelayClient.builder(relay.url());
        if (relay.fingerprint() != null) {
            wrongBuilder.fingerprint(relay.fingerprint());
        }
        RelayClient wrong =
                wrongBuilder.credentials(Credentials.token("not-a-token")).build();
        clients.add(wrong);
        assertThatThrownBy(() -> wrong.connect().get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(RelayAuthenticationException.class);
        assertThat(wrong.connectionState().status()).isEqualTo(ConnectionState.Status.FAILED);
    }

    @Test
    void theTranscriptRebuiltFromStreamedDeltasEqualsTheRelays() throws Exception {
        RelayClient alice = client("alice");
        allowWrites(alice);
        List<ServerMessage.Event> events = new CopyOnWriteArrayList<>();
        SessionSnapshot snapshot =
                alice.subscribe(session(), (s, e) -> events.add(e)).get(30, TimeUnit.SECONDS);
        assertThat(snapshot.info().sessionId()).isEqualTo(session());

        String taskId = alice.startTask(session(), "Add a usage section to the README", List.of(), null)
                .get(30, TimeUnit.SECONDS);
        WatchedSession watched = alice.watched(session()).orElseThrow();
        await().atMost(WAIT).until(() -> watched.task(taskId)
                .map(t -> t.state() == TaskState.COMPLETED)
                .orElse(false));
        // Roo gives the last request its tokens after the final ask: the transcript settles only then.
        await().atMost(WAIT).until(() -> watched.transcript(taskId).orElseThrow().stream()
                .filter(m -> SayKind.API_REQ_STARTED.equals(m.say()))
                .allMatch(m -> m.text().contains("tokensIn")));

        AckResult.Transcript fromRelay = alice.transcript(session(), taskId).get(30, TimeUnit.SECONDS);
        List<ClineMessage> rebuilt = watched.transcript(taskId).orElseThrow();
        assertThat(rebuilt).isEqualTo(fromRelay.messages());
        assertThat(rebuilt).anySatisfy(m -> assertThat(m.text()).contains("README.md"));
        assertThat(events).anySatisfy(e -> assertThat(e.event())
                .isInstanceOf(dev.rooremote.protocol.relay.SessionEvent.Message.class));
        assertThat(alice.history(session()).get(30, TimeUnit.SECONDS))
                .anySatisfy(t -> assertThat(t.taskId()).isEqualTo(taskId));
    }

    @Test
    void resumesAcrossARelayRestartWithoutLosingOrRepeatingEvents() throws Exception {
        RelayClient alice = client("alice");
        allowWrites(alice);
        List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        SessionSnapshot[] first = new SessionSnapshot[1];
        long[] start = new long[1];
        alice.subscribe(session(), new SessionListener() {
                    @Override
                    public void onSnapshot(WatchedSession session, long seq, SessionSnapshot snapshot) {
                        if (first[0] == null) {
                            first[0] = snapshot;
                            start[0] = seq;
                        }
                    }

                    @Override
                    public void onEvent(WatchedSession session, ServerMessage.Event event) {
                        seqs.add(event.seq());
                    }
                })
                .get(30, TimeUnit.SECONDS);
        String firstTask = alice.startTask(session(), "Add a usage section to the README", List.of(), null)
                .get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> seqs.size() > 5);

        relay.restart();

        await().atMost(WAIT).until(() -> alice.connectionState().status() == ConnectionState.Status.CONNECTED);
        String secondTask = alice.startTask(session(), "Add a usage section to the README again", List.of(), null)
                .get(30, TimeUnit.SECONDS);
        WatchedSession watched = alice.watched(session()).orElseThrow();
        await().atMost(WAIT).until(() -> watched.task(secondTask)
                .map(t -> t.state() == TaskState.COMPLETED)
                .orElse(false));

        List<Long> received;
        synchronized (seqs) {
            received = List.copyOf(seqs);
        }
        for (int i = 0; i < received.size(); i++) {
            assertThat(received.get(i)).as("event %d", i).isEqualTo(start[0] + 1 + i);
        }
        // A fresh client reading the whole log agrees with what the resumed client rebuilt.
        RelayClient carol = client("carol");
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        carol.watchFrom(session(), start[0], (s, e) -> all.add(e.seq())).get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> all.size() >= received.size());
        assertThat(all.subList(0, received.size())).isEqualTo(received);
        for (String taskId : List.of(firstTask, secondTask)) {
            assertThat(watched.transcript(taskId).orElseThrow())
                    .as("transcript of %s", taskId)
                    .isEqualTo(alice.transcript(session(), taskId)
                            .get(30, TimeUnit.SECONDS)
                            .messages());
        }
    }

    @Test
    void theRelaysErrorCodesSurface() throws Exception {
        RelayClient bob = client("bob");
        assertThatThrownBy(() ->
                        bob.startTask("no-such-session", "hi", List.of(), null).get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        RelayErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_SESSION));
        assertThatThrownBy(() -> bob.sendMessage(session(), "t-unknown", 1, "hello", List.of())
                        .get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(RelayErrorException.class, e -> assertThat(e.code())
                        .isIn(ErrorCode.NO_PENDING_ASK, ErrorCode.STALE_ASK));
        assertThatThrownBy(() -> bob.updateSettings(
                                session(),
                                Map.of("alwaysAllowWrite", RooJson.nodes().booleanNode(true)))
                        .get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        RelayErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));

        RelayClient carol = client("carol");
        assertThatThrownBy(
                        () -> carol.startTask(session(), "hi", List.of(), null).get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(RelayErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains("viewer");
                });
        assertThat(carol.ping().get(30, TimeUnit.SECONDS)).isPositive();
    }

    private void allowWrites(RelayClient admin) throws Exception {
        Map<String, JsonNode> changes = new LinkedHashMap<>();
        changes.put("autoApprovalEnabled", RooJson.nodes().booleanNode(true));
        changes.put("alwaysAllowWrite", RooJson.nodes().booleanNode(true));
        changes.put("alwaysAllowReadOnly", RooJson.nodes().booleanNode(true));
        admin.updateSettings(session(), changes).get(30, TimeUnit.SECONDS);
    }
}
