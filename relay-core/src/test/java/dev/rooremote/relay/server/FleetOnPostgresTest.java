package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.auth.AgentTokens;
import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import dev.rooremote.relay.store.PostgresTarget;
import dev.rooremote.relay.store.StoreTarget;
import dev.rooremote.relay.store.TestPostgres;
import dev.rooremote.testsupport.roo.WsClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relays on one real PostgreSQL server, as a team runs them on two machines: one account for both,
 * a revocation at one refused at the other at once, each relay's sessions its own though their names are
 * the same, and the database stopped and started again while Roo works without losing an event.
 */
class FleetOnPostgresTest {

    @TempDir
    Path temp;

    private EmbeddedPostgres postgres;
    private int port;
    private RelayRuntime north;
    private RelayRuntime south;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void startDatabase() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        postgres = TestPostgres.start(temp.resolve("pgdata"), port);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(WsClient::close);
        for (RelayRuntime relay : new RelayRuntime[] {north, south}) {
            if (relay != null) {
                relay.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private RelayRuntime relay(String name, PostgresTarget database) throws Exception {
        return TestRelays.start(
                RelayRuntime.Options.of(temp.resolve(name), "127.0.0.1", 0).withStore(new StoreTarget(database, name)));
    }

    @Test
    void oneAccountAtBothRelaysARevocationAtOneHoldsAtTheOtherAndSessionsStayApart() throws Exception {
        PostgresTarget database = TestPostgres.newDatabase(postgres);
        north = relay("north", database);
        south = relay("south", database);
        HttpClient northHttp = WsClient.http(north.tls().certificate());
        HttpClient southHttp = WsClient.http(south.tls().certificate());

        // Users were added once (by the first relay): bob signs in at both.
        JsonNode atNorth = TestRelays.login(northHttp, north, "bob");
        JsonNode atSouth = TestRelays.login(southHttp, south, "bob");
        WsClient bobAtNorth =
                connect(northHttp, north, atNorth.get("accessToken").asText());
        WsClient bobAtSouth =
                connect(southHttp, south, atSouth.get("accessToken").asText());

        // Both relays have a session demo-1; each keeps its own events and numbers.
        north.eventLog().append("demo-1", new SessionEvent.TaskStarted("t-n", "Fix the north build", null));
        south.eventLog().append("demo-1", new SessionEvent.TaskStarted("t-s", "Fix the south build", null));
        assertThat(history(north)).contains("Fix the north build").doesNotContain("Fix the south build");
        assertThat(history(south)).contains("Fix the south build").doesNotContain("Fix the north build");

        // One login reaches both: north's refresh token renews at south.
        HttpResponse<String> renewed = TestRelays.post(
                southHttp,
                south,
                "/v1/auth/refresh",
                "{\"refreshToken\":\"" + atNorth.get("refreshToken").asText() + "\"}");
        assertThat(renewed.statusCode()).isEqualTo(200);
        String renewedToken = RooJson.parse(renewed.body()).get("refreshToken").asText();

        // A new password set at south (as 'roo-relay user passwd' does) ends bob's logins everywhere: north
        // refuses his refresh token and closes his open connection.
        assertThat(south.auth().users().setPassword("bob", "bob-new-password")).isTrue();
        south.auth().refreshTokens().revokeUser("bob");
        assertThat(TestRelays.post(northHttp, north, "/v1/auth/refresh", "{\"refreshToken\":\"" + renewedToken + "\"}")
                        .statusCode())
                .isEqualTo(401);
        await().atMost(Duration.ofSeconds(15)).until(bobAtNorth::isClosed);
        assertThat(bobAtNorth.closeCode.join()).isEqualTo(StatusCode.POLICY_VIOLATION);
        await().atMost(Duration.ofSeconds(15)).until(bobAtSouth::isClosed);

        // An agent token made at north and revoked at south stops working at north at once.
        AgentTokens.Created bot =
                north.auth().agentTokens().create("nightly", Role.OPERATOR, Set.of("demo-1"), Duration.ofDays(1));
        WsClient botAtNorth = connect(northHttp, north, bot.secret());
        assertThat(south.auth().agentTokens().revoke("nightly")).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(botAtNorth::isClosed);
        assertThat(botAtNorth.closeReason).contains("revoked");

        // The audit trail, shared, says which relay did what.
        assertThat(north.audit().recent(100))
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo("refresh");
                    assertThat(entry.relay()).isEqualTo("south");
                })
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo("login");
                    assertThat(entry.relay()).isEqualTo("north");
                });
    }

    @Test
    void aPasskeyAddedAtOneRelayFinishesASignInBegunAtTheOther() throws Exception {
        PostgresTarget database = TestPostgres.newDatabase(postgres);
        north = relay("north", database);
        south = relay("south", database);
        HttpClient northHttp = WsClient.http(north.tls().certificate());
        HttpClient southHttp = WsClient.http(south.tls().certificate());
        String password = "{\"username\":\"bob\",\"password\":\"bob-password\"}";

        HttpResponse<String> login = web(northHttp, north, "/v1/web/login", password, null);
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split("[=;]")[1];
        JsonNode options = RooJson.parse(
                web(northHttp, north, "/v1/web/passkeys/options", "{}", cookie).body());
        SoftAuthenticator key = new SoftAuthenticator(1);
        com.fasterxml.jackson.databind.node.ObjectNode add = RooJson.object();
        add.put("pending", options.get("pending").asText());
        add.set("credential", key.create(options.get("publicKey"), north.httpUrl()));
        assertThat(web(northHttp, north, "/v1/web/passkeys/add", add.toString(), cookie)
                        .statusCode())
                .isEqualTo(200);

        // The password at north (behind one name, a balancer may send the next request elsewhere) ...
        JsonNode step = RooJson.parse(
                web(northHttp, north, "/v1/web/login", password, null).body());
        assertThat(step.get("passkeyRequired").asBoolean()).isTrue();
        // ... and the passkey at south, which knows the step and the passkey from the shared store.
        key.counter(2);
        com.fasterxml.jackson.databind.node.ObjectNode finish = RooJson.object();
        finish.put("pending", step.get("pending").asText());
        finish.set("credential", key.get(step.get("publicKey"), south.httpUrl()));
        HttpResponse<String> done = web(southHttp, south, "/v1/web/login/passkey", finish.toString(), null);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(RooJson.parse(done.body()).get("user").asText()).isEqualTo("bob");
        // Spent for the whole fleet.
        assertThat(web(northHttp, north, "/v1/web/login/passkey", finish.toString(), null)
                        .statusCode())
                .isEqualTo(401);
    }

    private static HttpResponse<String> web(
            HttpClient http, RelayRuntime relay, String path, String body, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.httpUrl() + path))
                .header("Content-Type", "application/json")
                .header("X-Roo-Web", "1")
                .header("Origin", relay.httpUrl())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", "__Host-roo-refresh=" + cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDatabaseStoppedAndStartedUnderLoadLosesNoEventAndHealthSaysSoMeanwhile() throws Exception {
        PostgresTarget database = TestPostgres.newDatabase(postgres);
        north = relay("north", database);
        HttpClient http = WsClient.http(north.tls().certificate());
        WsClient watcher = connect(
                http,
                north,
                TestRelays.login(http, north, "bob").get("accessToken").asText());
        watcher.send(new ClientMessage.Subscribe("s", "demo-1", null));
        long before = watcher.await(ServerMessage.Snapshot.class).seq();

        AtomicBoolean working = new AtomicBoolean(true);
        AtomicInteger appended = new AtomicInteger();
        Thread roo = new Thread(() -> {
            while (working.get()) {
                north.eventLog()
                        .append("demo-1", new SessionEvent.ToolFailed("t", "write_to_file", "line " + appended.get()));
                appended.incrementAndGet();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        roo.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> appended.get() > 200);
            postgres.close();
            postgres = null;
            await().atMost(Duration.ofSeconds(30)).until(() -> health(http).statusCode() == 503);
            JsonNode degraded = RooJson.parse(health(http).body());
            assertThat(degraded.get("problem").asText())
                    .contains("events are not being stored")
                    .contains("the database at localhost:" + port);
            assertThat(degraded.get("relay").asText()).isEqualTo("north");
            // Live clients keep getting events while the database is away.
            int during = appended.get();
            watcher.await(ServerMessage.Event.class, e -> e.seq() >= before + during);

            postgres = TestPostgres.start(temp.resolve("pgdata"), port);
            await().atMost(Duration.ofSeconds(60)).until(() -> health(http).statusCode() == 200);
        } finally {
            working.set(false);
            roo.join();
        }
        long last = before + appended.get();
        watcher.await(ServerMessage.Event.class, e -> e.seq() == last);
        north.close();
        north = null;

        try (Database reopened = Database.open(DataDir.open(temp.resolve("again")), database, "north");
                JdbcEventStore store = new JdbcEventStore(reopened)) {
            List<ServerMessage.Event> stored = store.load("demo-1", before, appended.get() + 10);
            assertThat(stored).hasSize(appended.get());
            for (int i = 0; i < stored.size(); i++) {
                assertThat(stored.get(i).seq()).isEqualTo(before + 1 + i);
                assertThat(((SessionEvent.ToolFailed) stored.get(i).event()).error())
                        .isEqualTo("line " + i);
            }
            assertThat(store.unstoredLastRun()).as("stopped cleanly").isZero();
        }
    }

    private WsClient connect(HttpClient http, RelayRuntime relay, String token) {
        WsClient client = WsClient.connect(http, relay.url(), token);
        clients.add(client);
        return client;
    }

    /** The texts of the tasks started in demo-1, as the relay's log replays them to a new watcher. */
    private static String history(RelayRuntime relay) {
        StringBuilder texts = new StringBuilder();
        java.util.function.Consumer<ServerMessage> watcher = message -> {
            if (message instanceof ServerMessage.Event event && event.event() instanceof SessionEvent.TaskStarted t) {
                texts.append(t.text()).append('\n');
            }
        };
        relay.eventLog().subscribe("demo-1", 0L, watcher);
        relay.eventLog().unsubscribe("demo-1", watcher);
        return texts.toString();
    }

    private HttpResponse<String> health(HttpClient http) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(north.httpUrl() + "/v1/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
