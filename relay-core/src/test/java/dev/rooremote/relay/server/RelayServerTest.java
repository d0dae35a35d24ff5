package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TextDelta;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.auth.JwtService;
import dev.rooremote.relay.store.DataDir;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayServerTest {

    private static final List<String> SESSIONS = TestRelays.SESSIONS;

    @TempDir
    Path dataDir;

    private RelayRuntime relay;
    private HttpClient http;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        TestRelays.close(clients, relay);
    }

    private void start(Limits limits) throws Exception {
        relay = TestRelays.start(
                new RelayRuntime.Options(dataDir, "127.0.0.1", 0, false, null, null, limits, null, null));
        http = WsClient.http(relay.tls().certificate());
    }

    private void start() throws Exception {
        start(Limits.defaults());
    }

    private WsClient connect(String token) {
        WsClient client = WsClient.connect(http, relay.url(), token);
        clients.add(client);
        return client;
    }

    private String login(String user) throws Exception {
        return TestRelays.login(http, relay, user).get("accessToken").asText();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return TestRelays.post(http, relay, path, body);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int upgradeStatus(String token) {
        try {
            connect(token);
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void loginConnectHelloSubscribeAndReceiveLiveEvents() throws Exception {
        start();
        HttpResponse<String> login = post("/v1/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode tokens = RooJson.parse(login.body());
        assertThat(tokens.get("role").asText()).isEqualTo("admin");
        assertThat(tokens.get("user").asText()).isEqualTo("alice");
        assertThat(tokens.get("expiresIn").asLong()).isBetween(1L, 900L);

        WsClient client = connect(tokens.get("accessToken").asText());
        client.send(new ClientMessage.Hello("h", "test/1", null));
        ServerMessage.Welcome welcome = client.await(ServerMessage.Welcome.class);
        assertThat(welcome.user()).isEqualTo("alice");
        assertThat(welcome.role()).isEqualTo(Role.ADMIN);
        assertThat(welcome.sessions()).extracting(s -> s.sessionId()).containsExactlyElementsOf(SESSIONS);

        client.send(new ClientMessage.Subscribe("s", "demo-1", null));
        ServerMessage.Snapshot snapshot = client.await(ServerMessage.Snapshot.class);
        assertThat(snapshot.sessionId()).isEqualTo("demo-1");
        AckResult.Subscribed subscribed = (AckResult.Subscribed) client.ack("s").result();
        assertThat(subscribed.seq()).isEqualTo(snapshot.seq());

        client.send(new ClientMessage.StartTask("t", "demo-1", "Write a README", null, null));
        assertThat(((AckResult.TaskStarted) client.ack("t").result()).taskId()).startsWith("task-");
        ServerMessage.Event started =
                client.await(ServerMessage.Event.class, e -> e.event() instanceof SessionEvent.TaskStarted);
        assertThat(started.seq()).isGreaterThan(snapshot.seq());
        client.await(ServerMessage.SessionStatus.class, s -> s.session().task() != null);

        client.send(new ClientMessage.Ping("p"));
        assertThat(client.ack("p").result()).isInstanceOf(AckResult.Pong.class);

        List<AuditLog.Entry> audit = relay.audit().recent(10);
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("alice");
            assertThat(entry.action()).isEqualTo("start_task");
            assertThat(entry.sessionId()).isEqualTo("demo-1");
            assertThat(entry.taskId()).startsWith("task-");
            assertThat(entry.outcome()).isEqualTo("ok");
        });
    }

    @Test
    void badTokensAreRefusedBeforeTheUpgrade() throws Exception {
        start();
        assertThat(upgradeStatus(null)).isEqualTo(401);
        assertThat(upgradeStatus("not-a-jwt")).isEqualTo(401);

        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("roo-relay")
                .audience("roo-remote")
                .subject("alice")
                .jwtID("x")
                .claim("kind", "access")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        forged.sign(new MACSigner(DataDir.randomBytes(32)));
        assertThat(upgradeStatus(forged.serialize())).isEqualTo(401);

        String none =
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                        + java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(claims.toString().getBytes()) + ".";
        assertThat(upgradeStatus(none)).isEqualTo(401);

        byte[] secret = java.nio.file.Files.readAllBytes(dataDir.resolve(JwtService.SECRET_FILE));
        String expired = new JwtService(secret, Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC))
                .sign(JwtService.Kind.ACCESS, "alice", null, Duration.ofMinutes(15), Map.of());
        assertThat(upgradeStatus(expired)).isEqualTo(401);

        var agent = relay.auth().agentTokens().create("bot", Role.OPERATOR, Set.of("demo-1"), Duration.ofDays(1));
        assertThat(upgradeStatus(agent.secret())).isEqualTo(101);
        relay.auth().agentTokens().revoke("bot");
        assertThat(upgradeStatus(agent.secret())).isEqualTo(401);

        HttpResponse<String> wrong = post("/v1/auth/login", "{\"username\":\"alice\",\"password\":\"nope-nope\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(RooJson.parse(wrong.body()).get("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void aViewerWatchesButCannotAct() throws Exception {
        start();
        WsClient viewer = connect(login("carol"));
        viewer.send(new ClientMessage.Subscribe("s", "demo-1", null));
        viewer.await(ServerMessage.Snapshot.class);

        viewer.send(new ClientMessage.StartTask("t", "demo-1", "Delete everything", null, null));
        ServerMessage.Error refused = viewer.error("t");
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused.message()).contains("viewer").contains("operator");
        assertThat(relay.audit().recent(5)).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("carol");
            assertThat(entry.outcome()).isEqualTo("forbidden");
        });

        WsClient operator = connect(login("bob"));
        operator.send(new ClientMessage.StartTask("t2", "demo-1", "Explain the build", null, null));
        operator.ack("t2");
        ServerMessage.Event seen =
                viewer.await(ServerMessage.Event.class, e -> e.event() instanceof SessionEvent.TaskStarted);
        assertThat(((SessionEvent.TaskStarted) seen.event()).text()).isEqualTo("Explain the build");

        operator.send(new ClientMessage.UpdateSettings(
                "u", "demo-1", Map.of("mode", RooJson.nodes().textNode("code"))));
        assertThat(operator.error("u").code()).isEqualTo(ErrorCode.FORBIDDEN);
        operator.send(new ClientMessage.UseProfile("p", "demo-1", "local"));
        assertThat(operator.error("p").code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void anAgentTokenSeesAndActsOnlyOnItsSessions() throws Exception {
        start();
        var agent = relay.auth().agentTokens().create("reviewer", Role.OPERATOR, Set.of("demo-2"), Duration.ofDays(1));
        WsClient client = connect(agent.secret());
        client.send(new ClientMessage.Hello("h", "agent", Map.of("demo-1", 0L)));
        ServerMessage.Welcome welcome = client.await(ServerMessage.Welcome.class);
        assertThat(welcome.user()).isEqualTo("reviewer");
        assertThat(welcome.sessions()).extracting(s -> s.sessionId()).containsExactly("demo-2");
        ServerMessage.Error resumeRefused = client.await(ServerMessage.Error.class);
        assertThat(resumeRefused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(resumeRefused.sessionId()).isEqualTo("demo-1");

        client.send(new ClientMessage.ListSessions("l"));
        assertThat(((AckResult.Sessions) client.ack("l").result()).sessions())
                .extracting(s -> s.sessionId())
                .containsExactly("demo-2");
        client.send(new ClientMessage.StartTask("t1", "demo-1", "x", null, null));
        assertThat(client.error("t1").code()).isEqualTo(ErrorCode.FORBIDDEN);
        client.send(new ClientMessage.StartTask("t2", "demo-2", "Review the diff", null, null));
        client.ack("t2");
        client.send(new ClientMessage.Subscribe("s", "nope", null));
        assertThat(client.error("s").code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void malformedFramesAreAnsweredAndTheConnectionStaysUsable() throws Exception {
        start(Limits.defaults().withImages(1, 64));
        WsClient client = connect(login("bob"));
        client.sendRaw("{not json");
        assertThat(client.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        client.sendRaw("{\"type\":\"ping\",\"id\":\"1\"}");
        assertThat(client.error("1").code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        client.sendRaw("{\"type\":\"dance\",\"v\":1,\"id\":\"2\"}");
        assertThat(client.error("2").code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        client.sendRaw("{\"type\":\"start_task\",\"v\":1,\"id\":\"3\",\"sessionId\":\"demo-1\"}");
        ServerMessage.Error missingText = client.error("3");
        assertThat(missingText.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(missingText.message()).contains("text");

        client.send(new ClientMessage.StartTask(
                "4", "demo-1", "look", List.of("data:image/png;base64,AAAA", "data:image/png;base64,BBBB"), null));
        assertThat(client.error("4").code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE);
        client.send(new ClientMessage.StartTask(
                "5", "demo-1", "look", List.of("data:image/png;base64," + "A".repeat(100)), null));
        assertThat(client.error("5").code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE);
        client.send(new ClientMessage.StartTask("6", "demo-1", "look", List.of("http://example.com/x.png"), null));
        assertThat(client.error("6").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        client.send(new ClientMessage.Subscribe("7", "no-such-session", null));
        assertThat(client.error("7").code()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
        client.send(new ClientMessage.GetTranscript("8", "demo-1", "no-such-task"));
        assertThat(client.error("8").code()).isEqualTo(ErrorCode.UNKNOWN_TASK);

        client.send(new ClientMessage.Ping("ok"));
        assertThat(client.ack("ok").result()).isInstanceOf(AckResult.Pong.class);
    }

    @Test
    void framesOverTheLimitGetFrameTooLargeHoweverLargeAndTheConnectionStaysUsable() throws Exception {
        Limits defaults = Limits.defaults();
        start(new Limits(
                16 * 1024,
                defaults.maxImages(),
                defaults.maxImageBytes(),
                defaults.requestsPerSecond(),
                defaults.requestBurst(),
                defaults.outboundQueue(),
                defaults.headerTimeout(),
                defaults.outboundBytes(),
                defaults.outboundStall()));
        WsClient client = connect(login("bob"));
        String prompt = "x".repeat(10 * 1024);
        client.send(new ClientMessage.StartTask("fits", "demo-1", prompt, null, null));
        assertThat(client.answer("fits")).isInstanceOf(ServerMessage.Ack.class);

        // Just over the limit, and a hundred times over it: both answered, neither closes the connection.
        for (int size : new int[] {20 * 1024, 1600 * 1024}) {
            client.sendRaw("{\"type\":\"ping\",\"v\":1,\"id\":\"big\",\"pad\":\"" + "é".repeat(size / 2) + "\"}");
            ServerMessage.Error error =
                    client.await(ServerMessage.Error.class, e -> e.code() == ErrorCode.FRAME_TOO_LARGE);
            assertThat(error.message()).contains(Integer.toString(16 * 1024));
        }
        client.send(new ClientMessage.Ping("after"));
        assertThat(client.ack("after").result()).isInstanceOf(AckResult.Pong.class);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void malformedFramesCountAgainstTheRateLimit() throws Exception {
        start(Limits.defaults().withRequestRate(0.001, 5));
        WsClient client = connect(login("bob"));
        for (int i = 0; i < 5; i++) {
            client.sendRaw(i % 2 == 0 ? "not json at all" : "{\"type\":\"ping\",\"v\":1,\"id\":3}");
            client.await(
                    ServerMessage.Error.class,
                    e -> e.code() == ErrorCode.MALFORMED_JSON || e.code() == ErrorCode.BAD_REQUEST);
        }
        client.send(new ClientMessage.Ping("after"));
        assertThat(client.answer("after")).isInstanceOfSatisfying(ServerMessage.Error.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.RATE_LIMITED));
    }

    @Test
    void tooManyRequestsPerSecondAreRefusedWithRateLimited() throws Exception {
        // A burst of 5 and practically no refill, so the count does not depend on how fast this machine is.
        start(Limits.defaults().withRequestRate(0.001, 5));
        WsClient client = connect(login("bob"));
        for (int i = 0; i < 20; i++) {
            client.send(new ClientMessage.Ping("p" + i));
        }
        int acked = 0;
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            ServerMessage answer = client.answer("p" + i);
            if (answer instanceof ServerMessage.Error error) {
                assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                limited++;
            } else {
                acked++;
            }
        }
        assertThat(acked).isEqualTo(5);
        assertThat(limited).isEqualTo(20 - acked);
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedWhileAnotherKeepsReceiving() throws Exception {
        Limits defaults = Limits.defaults();
        start(defaults.withOutbound(64, defaults.outboundBytes(), Duration.ofMillis(500)));
        String token = login("carol");
        WsClient slow = WsClient.connectSlow(http, relay.url(), token);
        clients.add(slow);
        WsClient fast = connect(token);
        for (WsClient client : List.of(slow, fast)) {
            client.send(new ClientMessage.Subscribe("s", "demo-1", null));
        }
        fast.await(ServerMessage.Snapshot.class);
        slow.await(ServerMessage.Snapshot.class);

        String chunk = "x".repeat(16 * 1024);
        int events = 1500;
        long first = relay.eventLog()
                .append("demo-1", new SessionEvent.TaskStarted("t", "big", null))
                .seq();
        // Paced so that the reading client never has more than a few frames queued.
        Thread producer = new Thread(() -> {
            for (int i = 1; i < events; i++) {
                long next = first + i;
                await().pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1))
                        .atMost(WsClient.WAIT)
                        .until(() -> fast.lastEventSeq.get() >= next - 16);
                relay.eventLog()
                        .append(
                                "demo-1",
                                new SessionEvent.Message(
                                        "t",
                                        i == 1,
                                        ClineMessage.say(1000L, SayKind.TEXT, null, true),
                                        TextDelta.append(chunk),
                                        null));
            }
        });
        producer.start();
        long last = first + events - 1;

        await().atMost(WsClient.WAIT).until(() -> relay.server().clientCount() == 1);
        slow.readAll();
        await().atMost(WsClient.WAIT).until(slow::isClosed);
        assertThat(slow.closeCode.join()).isEqualTo(1013);
        assertThat(slow.closeReason).isEqualTo("slow consumer: read nothing for 500 ms; reconnect and resume");
        List<ServerMessage> tail = slow.drained();
        assertThat(tail).last().isInstanceOfSatisfying(ServerMessage.Error.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SLOW_CONSUMER);
            assertThat(e.message())
                    .startsWith("you read nothing for 500 ms while ")
                    .endsWith(" frames waited; reconnect and resume from the last seq you applied");
        });

        long previous = 0;
        for (long seq = first; seq <= last; seq++) {
            long expected = seq;
            ServerMessage.Event event = fast.await(ServerMessage.Event.class, e -> e.seq() == expected);
            assertThat(event.seq()).isGreaterThan(previous);
            previous = event.seq();
        }
        assertThat(fast.isClosed()).isFalse();
        producer.join();
    }

    @Test
    void aClientThatPausesAndThenReadsSlowlyKeepsItsConnectionThroughABurstFarLongerThanItsQueue() throws Exception {
        // 16 frames before a client that reads nothing is cut off; it must read nothing for 20 s.
        Limits defaults = Limits.defaults();
        start(defaults.withOutbound(16, defaults.outboundBytes(), Duration.ofSeconds(20)));
        String token = login("carol");
        WsClient reader = WsClient.connectSlow(http, relay.url(), token);
        clients.add(reader);
        reader.send(new ClientMessage.Subscribe("s", "demo-1", null));
        reader.await(ServerMessage.Snapshot.class);

        // 16 MB while the client reads nothing (a phone busy for a moment): far more than the socket
        // buffers and 16 frames hold, so most of it waits in the relay's queue for this client.
        String chunk = "y".repeat(16 * 1024);
        int events = 1000;
        long first = relay.eventLog().read("demo-1", state -> state.seq()) + 1;
        for (int i = 0; i < events; i++) {
            relay.eventLog()
                    .append(
                            "demo-1",
                            new SessionEvent.Message(
                                    "t",
                                    true,
                                    ClineMessage.say(5000L + i, SayKind.TEXT, null, false),
                                    TextDelta.append(i + " " + chunk),
                                    null));
        }
        reader.readPaced(Duration.ofMillis(1));

        for (int i = 0; i < events; i++) {
            long seq = first + i;
            ServerMessage.Event event = reader.await(ServerMessage.Event.class, e -> e.seq() == seq);
            assertThat(((SessionEvent.Message) event.event()).text().append()).startsWith(i + " ");
        }
        assertThat(reader.isClosed()).isFalse();
        reader.send(new ClientMessage.Ping("still"));
        assertThat(reader.ack("still").result()).isInstanceOf(AckResult.Pong.class);
    }

    @Test
    void aClientThatReadsButFallsFurtherBehindThanTheByteLimitIsDisconnectedSayingSo() throws Exception {
        // However it reads, a client may have at most 1 MiB waiting: memory stays bounded.
        Limits defaults = Limits.defaults();
        start(defaults.withOutbound(16, 1024 * 1024, Duration.ofSeconds(20)));
        String token = login("carol");
        WsClient slow = WsClient.connectPaced(http, relay.url(), token, Duration.ofMillis(20));
        clients.add(slow);
        slow.send(new ClientMessage.Subscribe("s", "demo-1", null));
        slow.await(ServerMessage.Snapshot.class);

        String chunk = "z".repeat(16 * 1024);
        for (int i = 0; i < 2000 && !slow.isClosed(); i++) {
            relay.eventLog()
                    .append(
                            "demo-1",
                            new SessionEvent.Message(
                                    "t",
                                    true,
                                    ClineMessage.say(9000L + i, SayKind.TEXT, null, false),
                                    TextDelta.append(chunk),
                                    null));
        }

        slow.readAll();
        await().atMost(WsClient.WAIT).until(slow::isClosed);
        assertThat(slow.closeCode.join()).isEqualTo(1013);
        assertThat(slow.closeReason).isEqualTo("slow consumer: fell too far behind; reconnect and resume");
        ServerMessage.Error error = slow.await(ServerMessage.Error.class, e -> e.code() == ErrorCode.SLOW_CONSUMER);
        assertThat(error.message())
                .isEqualTo("you fell 1 MiB behind; reconnect and resume from the last seq you applied");
    }

    @Test
    void everyWatcherGetsTheSameEventFramesInOrderWhateverTheirCharactersAndTheBytesAreCounted() throws Exception {
        start();
        String token = login("alice");
        List<WsClient> watchers = List.of(connect(token), connect(token), connect(token));
        for (WsClient watcher : watchers) {
            watcher.send(new ClientMessage.Subscribe("s", "demo-1", null));
            watcher.ack("s");
        }
        List<String> texts = List.of("plain", "caf\u00e9", "\u20ac 12", "\ud83d\ude00 done", "\u65e5\u672c\u8a9e", "");
        int events = 120;
        long first = relay.eventLog().read("demo-1", state -> state.seq()) + 1;
        for (int i = 0; i < events; i++) {
            relay.eventLog()
                    .append(
                            "demo-1",
                            new SessionEvent.Message(
                                    "t",
                                    true,
                                    ClineMessage.say(1000L + i, SayKind.TEXT, null, false),
                                    TextDelta.append(texts.get(i % texts.size()) + " " + i),
                                    null));
        }
        long last = first + events - 1;
        for (WsClient watcher : watchers) {
            watcher.await(ServerMessage.Event.class, e -> e.seq() == last);
        }

        List<String> expected = eventFrames(watchers.get(0));
        assertThat(expected).hasSize(events);
        for (int i = 0; i < events; i++) {
            ServerMessage.Event event = (ServerMessage.Event) new RelayCodec().decodeServer(expected.get(i));
            assertThat(event.seq()).isEqualTo(first + i);
            assertThat(((SessionEvent.Message) event.event()).text().append())
                    .isEqualTo(texts.get(i % texts.size()) + " " + i);
        }
        for (WsClient watcher : watchers) {
            assertThat(eventFrames(watcher)).containsExactlyElementsOf(expected);
        }
        // Every frame written is counted once, in bytes of UTF-8, however many clients share it.
        await().atMost(WsClient.WAIT)
                .untilAsserted(() -> assertThat(relay.metrics().wsBytesSent())
                        .isEqualTo(watchers.stream()
                                .flatMap(w -> w.rawFrames().stream())
                                .mapToLong(f -> f.getBytes(StandardCharsets.UTF_8).length)
                                .sum()));
    }

    private static List<String> eventFrames(WsClient client) {
        return client.rawFrames().stream()
                .filter(f -> f.startsWith("{\"type\":\"event\""))
                .toList();
    }

    @Test
    void aClientResumesAcrossARelayRestartWithoutLossOrDuplicates() throws Exception {
        start();
        String token = login("alice");
        WsClient first = connect(token);
        first.send(new ClientMessage.Subscribe("s", "demo-1", 0L));
        for (int i = 0; i < 5; i++) {
            relay.eventLog().append("demo-1", new SessionEvent.TaskStateChanged("t", TaskState.RUNNING));
        }
        long lastSeen = relay.eventLog().read("demo-1", s -> s.seq());
        List<Long> seen = new ArrayList<>();
        while (seen.isEmpty() || seen.get(seen.size() - 1) < lastSeen) {
            seen.add(first.await(ServerMessage.Event.class).seq());
        }
        first.close();

        int port = relay.port();
        relay.close();
        relay = TestRelays.start(
                new RelayRuntime.Options(dataDir, "127.0.0.1", port, false, null, null, null, null, null));
        for (int i = 0; i < 3; i++) {
            relay.eventLog().append("demo-1", new SessionEvent.TaskStateChanged("t", TaskState.IDLE));
        }
        long newest = relay.eventLog().read("demo-1", s -> s.seq());

        WsClient resumed = connect(relay.auth().accessToken("alice"));
        resumed.send(new ClientMessage.Hello("h", "test", Map.of("demo-1", lastSeen)));
        resumed.await(ServerMessage.Welcome.class);
        List<Long> after = new ArrayList<>();
        while (after.isEmpty() || after.get(after.size() - 1) < newest) {
            after.add(resumed.await(ServerMessage.Event.class).seq());
        }
        List<Long> expected = new ArrayList<>();
        for (long seq = lastSeen + 1; seq <= newest; seq++) {
            expected.add(seq);
        }
        assertThat(after).containsExactlyElementsOf(expected);
        assertThat(seen).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aLateJoinerGetsASnapshotThenLiveEvents() throws Exception {
        start();
        WsClient early = connect(login("bob"));
        early.send(new ClientMessage.StartTask("t", "demo-2", "Plan the release", null, null));
        String taskId = ((AckResult.TaskStarted) early.ack("t").result()).taskId();

        WsClient late = connect(login("carol"));
        late.send(new ClientMessage.Subscribe("s", "demo-2", null));
        ServerMessage.Snapshot snapshot = late.await(ServerMessage.Snapshot.class);
        assertThat(snapshot.snapshot().info().task().taskId()).isEqualTo(taskId);
        assertThat(snapshot.snapshot().history()).extracting(t -> t.text()).contains("Plan the release");

        relay.eventLog().append("demo-2", new SessionEvent.TaskStateChanged(taskId, TaskState.COMPLETED));
        ServerMessage.Event live = late.await(ServerMessage.Event.class);
        assertThat(live.seq()).isEqualTo(snapshot.seq() + 1);

        late.send(new ClientMessage.GetHistory("h", "demo-2"));
        assertThat(((AckResult.History) late.ack("h").result()).tasks())
                .extracting(t -> t.taskId())
                .contains(taskId);
        late.send(new ClientMessage.GetTranscript("tr", "demo-2", taskId));
        assertThat(((AckResult.Transcript) late.ack("tr").result()).task().state())
                .isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void everyAnswerTellsBrowsersToKeepToHttpsNeitherSniffNorFrame() throws Exception {
        start();
        List<HttpResponse<String>> answers = List.of(
                get("/v1/health"),
                get("/no/such/page"),
                post("/v1/auth/login", "{\"username\":\"alice\",\"password\":\"wrong-password\"}"),
                get("/v1/ws"));
        assertThat(answers).extracting(HttpResponse::statusCode).contains(200, 404, 401);
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.headers().firstValue("strict-transport-security")).hasValue("max-age=31536000");
            assertThat(answer.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("content-security-policy").orElseThrow())
                    .endsWith("frame-ancestors 'none'");
            assertThat(answer.headers().firstValue("x-frame-options")).hasValue("DENY");
        }
    }

    @Test
    void healthAndMetricsAreServed() throws Exception {
        start();
        WsClient client = connect(login("alice"));
        client.send(new ClientMessage.Subscribe("s", "demo-1", null));
        client.ack("s");

        HttpResponse<String> health = get("/v1/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = RooJson.parse(health.body());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("sessions").asInt()).isEqualTo(2);
        assertThat(body.has("uptimeSeconds")).isTrue();

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("roo_relay_ws_bytes_sent_total ")
                .contains("roo_relay_ipc_bytes_received_total ")
                .contains("roo_relay_events_total ")
                .contains("roo_relay_clients 1")
                .contains("roo_relay_sessions 2")
                .contains("roo_relay_forward_latency_seconds_bucket{le=\"+Inf\"}")
                .contains("roo_relay_forward_latency_seconds_count ");
        assertThat(relay.metrics().wsBytesSent()).isPositive();

        HttpResponse<String> missing = get("/v1/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(RooJson.parse(missing.body()).get("message").asText()).contains("/v1/ws");
        assertThat(post("/v1/auth/login", "[1,2]").statusCode()).isEqualTo(400);
        assertThat(post("/v1/auth/login", "{\"username\":\"alice\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void throttledLoginsGet429WithRetryAfter() throws Exception {
        start();
        int status = 0;
        HttpResponse<String> response = null;
        for (int i = 0; i < 10 && status != 429; i++) {
            response = post("/v1/auth/login", "{\"username\":\"bob\",\"password\":\"wrong-password\"}");
            status = response.statusCode();
        }
        assertThat(status).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        assertThat(RooJson.parse(response.body()).get("code").asText()).isEqualTo("rate_limited");
    }

    @Test
    void plainIsRefusedOnANonLoopbackAddress() {
        assertThatThrownBy(() -> new ServerConfig("0.0.0.0", 0, true, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--plain")
                .hasMessageContaining("loopback");
        assertThat(new ServerConfig("127.0.0.1", 0, true, null, null).plain()).isTrue();
    }
}
