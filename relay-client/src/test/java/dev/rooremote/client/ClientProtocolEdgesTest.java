package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TextDelta;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.SayKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does when the relay's stream is imperfect: duplicated or missing events, frames
 * it does not know, a link that drops mid-request, refused credentials. The relay side is scripted
 * frame by frame (see {@link ScriptedRelay}).
 */
class ClientProtocolEdgesTest {

    private static final String SESSION = "s1";
    private static final String TASK = "t-1";
    private static final long TS = 1795593071699L;

    private ScriptedRelay relay;
    private RelayClient client;
    private final List<ServerMessage.Event> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<ConnectionState.Status> states = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        relay = new ScriptedRelay();
        client = RelayClient.builder(relay.url())
                .credentials(Credentials.token("agent-token"))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .requestTimeout(Duration.ofSeconds(2))
                .build();
        client.addConnectionListener(s -> states.add(s.status()));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        relay.close();
    }

    @Test
    void eachEventReachesTheListenerOnceAndInOrderDespiteDuplicatesGapsAndDrops() throws Exception {
        connectAndSubscribe();

        relay.send(message(6, true, TextDelta.replace("Hel")));
        relay.send(message(7, false, TextDelta.append("lo")));
        relay.send(message(7, false, TextDelta.append("lo")));
        relay.send(message(6, true, TextDelta.replace("Hel")));
        relay.send(message(9, false, TextDelta.append("ld")));

        ClientMessage.Subscribe resync = relay.next(ClientMessage.Subscribe.class);
        assertThat(resync.fromSeq())
                .as("resubscribes from the last event it applied")
                .isEqualTo(7L);
        relay.send(message(8, false, TextDelta.append(" wor")));
        relay.send(message(9, false, TextDelta.append("ld")));
        relay.send(new ServerMessage.Ack(resync.id(), new AckResult.Subscribed(SESSION, 9)));

        relay.sendRaw("{\"type\":\"hologram\",\"v\":1,\"sessionId\":\"s1\"}");
        relay.sendRaw("this is not JSON");
        relay.sendRaw("{\"type\":\"event\",\"v\":2,\"sessionId\":\"s1\",\"seq\":10,\"time\":1,\"event\":{}}");
        relay.sendRaw("{\"type\":\"event\",\"v\":1,\"sessionId\":\"s1\",\"seq\":10,\"time\":5,"
                + "\"event\":{\"kind\":\"teleport\",\"where\":\"mars\"}}");

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 5);
        assertThat(seqs()).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(seen.get(4).event()).isInstanceOf(SessionEvent.Unknown.class);
        assertThat(((SessionEvent.Unknown) seen.get(4).event()).kind()).isEqualTo("teleport");
        WatchedSession watched = client.watched(SESSION).orElseThrow();
        assertThat(watched.seq()).isEqualTo(10);
        assertThat(watched.transcript(TASK).orElseThrow())
                .extracting(ClineMessage::text)
                .containsExactly("Hello world");

        // The link drops: requests that change something fail (they may have been carried out),
        // reads are asked again, and the session resumes after the last event applied.
        CompletableFuture<String> start = client.startTask(SESSION, "do it", List.of(), null);
        relay.next(ClientMessage.StartTask.class);
        CompletableFuture<List<SessionInfo>> list = client.sessions();
        relay.next(ClientMessage.ListSessions.class);
        relay.drop();

        assertThatThrownBy(() -> start.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RelayConnectionException.class)
                .hasMessageContaining("may or may not have been carried out");
        ClientMessage.Hello hello = relay.next(ClientMessage.Hello.class);
        assertThat(hello.resume()).containsEntry(SESSION, 10L);
        relay.send(welcome(hello.id()));
        ClientMessage.ListSessions again = relay.next(ClientMessage.ListSessions.class);
        relay.send(new ServerMessage.Ack(again.id(), new AckResult.Sessions(List.of(info()))));
        assertThat(list.get(10, TimeUnit.SECONDS))
                .extracting(SessionInfo::sessionId)
                .containsExactly(SESSION);

        relay.send(message(10, false, TextDelta.append("!")));
        relay.send(message(11, false, TextDelta.append("!")));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 6);
        assertThat(seqs()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(watched.transcript(TASK).orElseThrow())
                .extracting(ClineMessage::text)
                .containsExactly("Hello world!");
        assertThat(relay.connections()).isEqualTo(2);
        assertThat(states)
                .containsSubsequence(
                        ConnectionState.Status.CONNECTED,
                        ConnectionState.Status.RECONNECTING,
                        ConnectionState.Status.CONNECTING,
                        ConnectionState.Status.CONNECTED);
    }

    @Test
    void eventsFromASequenceNumberAndAsAFlowPublisher() throws Exception {
        CompletableFuture<ServerMessage.Welcome> connected = client.connect();
        relay.send(welcome(relay.next(ClientMessage.Hello.class).id()));
        connected.get(10, TimeUnit.SECONDS);

        CompletableFuture<Long> watching = client.watchFrom(SESSION, 0, (session, event) -> seen.add(event));
        ClientMessage.Subscribe subscribe = relay.next(ClientMessage.Subscribe.class);
        assertThat(subscribe.fromSeq()).isZero();
        List<ServerMessage.Event> published = Collections.synchronizedList(new ArrayList<>());
        client.events(SESSION).subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ServerMessage.Event item) {
                published.add(item);
            }

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        });
        relay.send(new ServerMessage.Event(SESSION, 1, 1, new SessionEvent.TaskStarted(TASK, "Say hello", null)));
        relay.send(message(2, true, TextDelta.replace("Hello")));
        relay.send(new ServerMessage.Ack(subscribe.id(), new AckResult.Subscribed(SESSION, 2)));
        assertThat(watching.get(10, TimeUnit.SECONDS)).isEqualTo(2L);
        relay.send(message(3, false, TextDelta.append(", world")));

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3 && published.size() >= 1);
        WatchedSession watched = client.watched(SESSION).orElseThrow();
        assertThat(watched.task(TASK).orElseThrow().text()).isEqualTo("Say hello");
        assertThat(watched.transcript(TASK).orElseThrow())
                .extracting(ClineMessage::text)
                .containsExactly("Hello, world");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !published.isEmpty()
                        && published.get(published.size() - 1).seq() == 3);
    }

    @Test
    void aListenerThatFallsBehindCostsAReconnectNotMemoryOrEvents() throws Exception {
        client.close();
        client = RelayClient.builder(relay.url())
                .credentials(Credentials.token("agent-token"))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .maxBufferedFrames(16)
                .build();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<ServerMessage.Welcome> connected = client.connect();
        relay.send(welcome(relay.next(ClientMessage.Hello.class).id()));
        connected.get(10, TimeUnit.SECONDS);
        CompletableFuture<SessionSnapshot> subscribed = client.subscribe(SESSION, (session, event) -> {
            seen.add(event);
            if (event.seq() == 6) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        ClientMessage.Subscribe subscribe = relay.next(ClientMessage.Subscribe.class);
        relay.send(new ServerMessage.Snapshot(SESSION, 5, snapshot()));
        relay.send(new ServerMessage.Ack(subscribe.id(), new AckResult.Subscribed(SESSION, 5)));
        subscribed.get(10, TimeUnit.SECONDS);

        relay.send(message(6, true, TextDelta.replace("x")));
        try {
            for (long seq = 7; seq <= 60; seq++) {
                relay.send(message(seq, false, TextDelta.append("x")));
            }
        } catch (IllegalStateException e) {
            // the client hung up once it held more than 16 frames: expected
        }
        // The listener is still stuck; the client has already hung up rather than buffer more.
        await().atMost(Duration.ofSeconds(10)).until(() -> !relay.connected());
        release.countDown();

        // Serve each resume as the relay would; with so small a buffer the catch-up burst may overflow
        // it again, which costs another reconnect but never an event.
        for (int reconnects = 0; seen.size() < 55; reconnects++) {
            assertThat(reconnects).as("reconnects needed to catch up").isLessThan(20);
            ClientMessage.Hello hello = relay.next(ClientMessage.Hello.class);
            long resumeFrom = hello.resume().get(SESSION);
            assertThat(resumeFrom)
                    .as("resumes after the last event its listener got")
                    .isBetween(6L, 60L);
            relay.send(welcome(hello.id()));
            try {
                for (long seq = resumeFrom + 1; seq <= 60; seq++) {
                    relay.send(message(seq, false, TextDelta.append("x")));
                }
            } catch (IllegalStateException e) {
                // hung up again
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> seen.size() == 55
                            || !relay.connected()
                            || !relay.pending().isEmpty());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 55);
        assertThat(seqs())
                .isEqualTo(
                        java.util.stream.LongStream.rangeClosed(6, 60).boxed().toList());
        assertThat(client.watched(SESSION)
                        .orElseThrow()
                        .transcript(TASK)
                        .orElseThrow()
                        .get(0)
                        .text())
                .isEqualTo("x".repeat(55));
    }

    @Test
    void relayErrorsAndSilenceFailTheRequestWithTheirCode() throws Exception {
        connectAndSubscribe();

        CompletableFuture<String> start = client.startTask(SESSION, "do it", List.of(), null);
        ClientMessage.StartTask request = relay.next(ClientMessage.StartTask.class);
        relay.send(new ServerMessage.Error(request.id(), ErrorCode.ROO_BUSY, "Roo is working on t-1", SESSION));
        assertThatThrownBy(() -> start.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(RelayErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ROO_BUSY);
                    assertThat(e.sessionId()).isEqualTo(SESSION);
                    assertThat(e.getMessage()).isEqualTo("Roo is working on t-1");
                });

        CompletableFuture<Void> cancel = client.cancel(SESSION, null);
        relay.next(ClientMessage.CancelTask.class);
        assertThatThrownBy(() -> cancel.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("'cancel_task' within 2 s");

        assertThatThrownBy(() -> client.startTask(SESSION, " ", List.of(), null).get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'text' is required");
    }

    @Test
    void refusedCredentialsFailTheConnectionForGood() throws Exception {
        relay.refuseUpgrades(true);
        assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(RelayAuthenticationException.class, e -> assertThat(e.httpStatus())
                        .isEqualTo(401));
        assertThat(client.connectionState().status()).isEqualTo(ConnectionState.Status.FAILED);
        assertThat(client.connectionState().reason()).contains("refused");
        assertThat(relay.connections()).isZero();
        assertThatThrownBy(() -> client.sessions().get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(RelayConnectionException.class)
                .hasMessageContaining("not connected");
    }

    @Test
    void aRelayThatIsNotThereFailsTheFirstConnection() throws Exception {
        String url = relay.url();
        relay.close();
        try (RelayClient absent = RelayClient.builder(url)
                .credentials(Credentials.token("t"))
                .connectTimeout(Duration.ofSeconds(3))
                .build()) {
            assertThatThrownBy(() -> absent.connect().get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(RelayConnectionException.class)
                    .hasMessageContaining("cannot reach the relay at " + url)
                    .hasMessageContaining("nothing is listening");
            assertThat(absent.connectionState().status()).isEqualTo(ConnectionState.Status.FAILED);
        }
    }

    @Test
    void aTaskRunnerHoldsEventsThatOutrunItsStartAndEndsWhenItsAnswerIsRefused() throws Exception {
        CompletableFuture<ServerMessage.Welcome> connected = client.connect();
        relay.send(welcome(relay.next(ClientMessage.Hello.class).id()));
        connected.get(10, TimeUnit.SECONDS);
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        TaskRunner runner = new TaskRunner(client, SESSION, AskPolicy.answer("Klingon"), new TaskRunner.Listener() {
            @Override
            public void started(String taskId) {
                heard.add("started " + taskId);
            }

            @Override
            public void event(WatchedSession session, ServerMessage.Event event) {
                heard.add("event " + event.seq());
            }

            @Override
            public void answering(PendingAsk ask, FollowupQuestion question, String answer) {
                heard.add("answering '" + question.question() + "' with " + answer);
            }
        });

        CompletableFuture<String> started = runner.start("Ask me something", List.of(), null);
        ClientMessage.Subscribe subscribe = relay.next(ClientMessage.Subscribe.class);
        relay.send(new ServerMessage.Snapshot(SESSION, 5, snapshot()));
        relay.send(new ServerMessage.Ack(subscribe.id(), new AckResult.Subscribed(SESSION, 5)));
        ClientMessage.StartTask start = relay.next(ClientMessage.StartTask.class);
        // Roo's first events can reach the client before the relay acks the start that caused them.
        relay.send(new ServerMessage.Event(SESSION, 6, 1006, new SessionEvent.TaskStarted(TASK, "Ask me", null)));
        relay.send(new ServerMessage.Event(
                SESSION, 7, 1007, new SessionEvent.TaskStateChanged("t-other", TaskState.RUNNING)));
        PendingAsk question = new PendingAsk(
                TASK, TS, "followup", PendingAsk.Category.INTERACTIVE, "{\"question\":\"Which language?\"}");
        relay.send(new ServerMessage.Event(SESSION, 8, 1008, new SessionEvent.AskPending(question)));
        relay.send(new ServerMessage.Ack(start.id(), new AckResult.TaskStarted(TASK)));
        assertThat(started.get(10, TimeUnit.SECONDS)).isEqualTo(TASK);

        ClientMessage.AnswerAsk answer = relay.next(ClientMessage.AnswerAsk.class);
        assertThat(answer.taskId()).isEqualTo(TASK);
        assertThat(answer.askTs()).isEqualTo(TS);
        assertThat(answer.answer()).isEqualTo("Klingon");
        relay.send(new ServerMessage.Error(answer.id(), ErrorCode.STALE_ASK, "the ask was answered already", SESSION));

        TaskOutcome outcome = runner.outcome().get(10, TimeUnit.SECONDS);
        assertThat(outcome.reason()).isEqualTo(TaskOutcome.Reason.ANSWER_FAILED);
        assertThat(outcome.state()).isEqualTo(TaskOutcome.State.FAILED);
        assertThat(outcome.taskId()).isEqualTo(TASK);
        assertThat(outcome.ask()).isEqualTo(question);
        assertThat(outcome.error()).isInstanceOfSatisfying(RelayErrorException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.STALE_ASK));
        assertThat(heard)
                .as("held events follow the start, other tasks' events are left out")
                .containsExactly("started t-1", "event 6", "event 8", "answering 'Which language?' with Klingon");
        assertThat(runner.timeOut()).as("the first outcome stays").isEqualTo(outcome);
    }

    private void connectAndSubscribe() throws Exception {
        CompletableFuture<ServerMessage.Welcome> connected = client.connect();
        ClientMessage.Hello hello = relay.next(ClientMessage.Hello.class);
        assertThat(hello.resume()).isEmpty();
        relay.send(welcome(hello.id()));
        assertThat(connected.get(10, TimeUnit.SECONDS).user()).isEqualTo("alice");

        CompletableFuture<SessionSnapshot> subscribed = client.subscribe(SESSION, (session, event) -> seen.add(event));
        ClientMessage.Subscribe subscribe = relay.next(ClientMessage.Subscribe.class);
        assertThat(subscribe.fromSeq()).isNull();
        relay.send(new ServerMessage.Snapshot(SESSION, 5, snapshot()));
        relay.send(new ServerMessage.Ack(subscribe.id(), new AckResult.Subscribed(SESSION, 5)));
        assertThat(subscribed.get(10, TimeUnit.SECONDS).mode()).isEqualTo("code");
    }

    private List<Long> seqs() {
        synchronized (seen) {
            return seen.stream().map(ServerMessage.Event::seq).toList();
        }
    }

    private static ServerMessage.Event message(long seq, boolean created, TextDelta delta) {
        return new ServerMessage.Event(
                SESSION,
                seq,
                1000 + seq,
                new SessionEvent.Message(TASK, created, ClineMessage.say(TS, SayKind.TEXT, null, true), delta, null));
    }

    private static SessionInfo info() {
        return new SessionInfo(
                SESSION, SESSION, EndpointKind.DEMO, ConnectionStatus.CONNECTED, Capabilities.stockIpc(), null, null);
    }

    private static SessionSnapshot snapshot() {
        return new SessionSnapshot(info(), "code", List.of(), List.of(), List.of(), List.of());
    }

    private static ServerMessage.Welcome welcome(String id) {
        return new ServerMessage.Welcome(id, 1, "test", "alice", Role.OPERATOR, List.of(info()));
    }
}
