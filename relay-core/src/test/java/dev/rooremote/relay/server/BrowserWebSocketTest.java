package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSockets from browsers: only the relay's own page may open one, and since a browser cannot send
 * {@code Authorization}, it signs in with its first frame, {@code authenticate}, within 10 s.
 */
class BrowserWebSocketTest {

    @TempDir
    Path dataDir;

    private RelayRuntime relay;
    private HttpClient http;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        TestRelays.close(clients, relay);
    }

    private void start() throws Exception {
        relay = TestRelays.start(RelayRuntime.Options.of(dataDir, "127.0.0.1", 0));
        http = WsClient.http(relay.tls().certificate());
    }

    /** Signs {@code user} in as the web console does and returns the access token. */
    private String webLogin(String user) throws Exception {
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/login"))
                        .header("X-Roo-Web", "1")
                        .header("Origin", relay.httpUrl())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        return RooJson.parse(login.body()).get("accessToken").asText();
    }

    /** A WebSocket as a page opens it: its origin, no Authorization. */
    private WsClient page(String origin) {
        WsClient client = WsClient.connect(http, relay.url(), null, Map.of("Origin", origin));
        clients.add(client);
        return client;
    }

    private static int refusedWith(Runnable connect) {
        try {
            connect.run();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static void assertClosed(WsClient client, String reason) {
        await().atMost(Duration.ofSeconds(20)).until(client::isClosed);
        assertThat(client.closeCode.join()).isEqualTo(StatusCode.POLICY_VIOLATION);
        assertThat(client.closeReason).contains(reason);
    }

    @Test
    void thePagesSocketSignsInWithItsFirstFrameAndThenWorksAsAnyOther() throws Exception {
        start();
        String token = webLogin("alice");
        WsClient page = page(relay.httpUrl());

        page.send(new ClientMessage.Authenticate("1", token));
        assertThat(page.ack("1").result()).isNull();
        page.send(new ClientMessage.Hello("h", "web-console/1", null));
        ServerMessage.Welcome welcome = page.await(ServerMessage.Welcome.class);
        assertThat(welcome.user()).isEqualTo("alice");
        assertThat(welcome.role()).isEqualTo(Role.ADMIN);

        page.send(new ClientMessage.ListSessions("l"));
        assertThat(((AckResult.Sessions) page.ack("l").result()).sessions())
                .extracting(s -> s.sessionId())
                .containsExactlyElementsOf(TestRelays.SESSIONS);
        page.send(new ClientMessage.Subscribe("s", "demo-1", null));
        assertThat(page.await(ServerMessage.Snapshot.class).sessionId()).isEqualTo("demo-1");
        assertThat(((AckResult.Subscribed) page.ack("s").result()).sessionId()).isEqualTo("demo-1");
        page.send(new ClientMessage.StartTask("t", "demo-1", "From the browser", null, null));
        assertThat(((AckResult.TaskStarted) page.ack("t").result()).taskId()).startsWith("task-");

        // Renewal on the open socket works as for every client.
        page.send(new ClientMessage.Authenticate("2", webLogin("alice")));
        page.ack("2");
        assertThat(relay.server().clientCount()).isEqualTo(1);
    }

    @Test
    void aViewerSignedInFromTheBrowserCanWatchButNotAct() throws Exception {
        start();
        WsClient page = page(relay.httpUrl());
        page.send(new ClientMessage.Authenticate("1", webLogin("carol")));
        page.ack("1");
        page.send(new ClientMessage.Subscribe("s", "demo-1", null));
        page.ack("s");

        page.send(new ClientMessage.StartTask("t", "demo-1", "Not allowed", null, null));
        ServerMessage.Error refused = page.error("t");
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused.message()).contains("viewer");
        assertThat(relay.audit().recent(10)).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("carol");
            assertThat(entry.action()).isEqualTo("start_task");
            assertThat(entry.outcome()).isEqualTo("forbidden");
        });
    }

    @Test
    void anotherSitesPageCannotOpenASocketEvenWithAToken() throws Exception {
        start();
        String token = webLogin("alice");
        for (String origin :
                List.of("https://evil.example", "http://127.0.0.1:" + relay.port(), "https://127.0.0.1:1", "null")) {
            assertThat(refusedWith(() -> page(origin))).as(origin).isEqualTo(403);
            assertThat(refusedWith(
                            () -> clients.add(WsClient.connect(http, relay.url(), token, Map.of("Origin", origin)))))
                    .as(origin)
                    .isEqualTo(403);
        }
        assertThat(relay.audit().recent(20)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("connect");
            assertThat(entry.outcome()).isEqualTo("forbidden_origin");
            assertThat(entry.detail()).contains("evil.example");
        });
        // Clients that send no Origin (console, roo-agent) are unchanged: a token opens, none is 401.
        WsClient console = WsClient.connect(http, relay.url(), token);
        clients.add(console);
        console.send(new ClientMessage.Ping("p"));
        console.ack("p");
        assertThat(refusedWith(() -> WsClient.connect(http, relay.url(), null))).isEqualTo(401);
    }

    @Test
    void anythingButAuthenticateFirstOrABadTokenClosesWith1008() throws Exception {
        start();
        WsClient hello = page(relay.httpUrl());
        hello.send(new ClientMessage.Hello("h", "web-console/1", null));
        assertClosed(hello, "authenticate");

        WsClient garbage = page(relay.httpUrl());
        garbage.sendRaw("not json");
        assertClosed(garbage, "authenticate");

        WsClient forged = page(relay.httpUrl());
        forged.send(new ClientMessage.Authenticate("1", "eyJhbGciOiJIUzI1NiJ9.e30.forged"));
        assertClosed(forged, "token");

        JsonNode refresh = TestRelays.login(http, relay, "bob");
        WsClient refreshToken = page(relay.httpUrl());
        refreshToken.send(
                new ClientMessage.Authenticate("1", refresh.get("refreshToken").asText()));
        assertClosed(refreshToken, "");

        assertThat(relay.audit().recent(20))
                .filteredOn(entry -> entry.action().equals("connect"))
                .extracting(entry -> entry.outcome())
                .contains("bad_request", "unauthorized");
        assertThat(relay.server().clientCount()).isZero();
    }

    @Test
    void aPageThatSaysNothingIsClosedAfterTenSeconds() throws Exception {
        start();
        long begin = System.nanoTime();
        WsClient silent = page(relay.httpUrl());
        assertClosed(silent, "within 10 s");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        assertThatThrownBy(() -> silent.send(new ClientMessage.Ping("p"))).isNotNull();
    }
}
