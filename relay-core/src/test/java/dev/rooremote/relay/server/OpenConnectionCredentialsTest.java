package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.auth.AgentTokens;
import dev.rooremote.relay.auth.MutableClock;
import dev.rooremote.relay.cli.RelayMain;
import dev.rooremote.testsupport.roo.WsClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection acts only while its credentials hold: revoking an agent token, removing a user,
 * changing a password or role, or a refresh token used twice ends that identity's open connections
 * (the change made by {@code roo-relay} commands on the data dir, as an operator would); an expired
 * access token stops requests until the client renews it in band with {@code authenticate}.
 */
class OpenConnectionCredentialsTest {

    /** The relay checks open connections every 2 s; this leaves room on a busy machine. */
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;

    /** The relay's clock: the test moves it to expire access tokens. */
    private final MutableClock clock = new MutableClock(Instant.now());

    private final List<WsClient> clients = new ArrayList<>();
    private RelayRuntime relay;
    private HttpClient http;

    private void start() throws Exception {
        relay = TestRelays.start(
                new RelayRuntime.Options(dataDir, "127.0.0.1", 0, false, null, null, null, clock, null));
        http = WsClient.http(relay.tls().certificate());
    }

    @AfterEach
    void stop() {
        TestRelays.close(clients, relay);
    }

    private WsClient connect(String token) {
        WsClient client = WsClient.connect(http, relay.url(), token);
        clients.add(client);
        client.send(new ClientMessage.Hello("h", "test/1", null));
        client.await(ServerMessage.Welcome.class);
        return client;
    }

    /** Runs a {@code roo-relay} command on the relay's data dir, as an operator would beside it. */
    private void relayCommand(String stdin, String... args) {
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        int code = RelayMain.commandLine(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
    }

    private static void assertSignedOut(WsClient client, String why) {
        await().atMost(CLOSED_WITHIN).until(client::isClosed);
        assertThat(client.closeCode.join()).isEqualTo(StatusCode.POLICY_VIOLATION);
        assertThat(client.closeReason).startsWith("signed out").contains(why);
    }

    @Test
    void aRevokedAgentTokenCannotActOnItsOpenConnectionAndItsConnectionsEnd() throws Exception {
        start();
        AgentTokens.Created bot =
                relay.auth().agentTokens().create("nightly", Role.OPERATOR, Set.of("demo-1"), Duration.ofDays(30));
        WsClient acting = connect(bot.secret());
        WsClient idle = connect(bot.secret());
        acting.send(new ClientMessage.StartTask("t1", "demo-1", "Before the revocation", null, null));
        acting.ack("t1");

        relayCommand("", "token", "revoke", "nightly");

        acting.send(new ClientMessage.StartTask("t2", "demo-1", "After the revocation", null, null));
        ServerMessage.Error refused = acting.error("t2");
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(refused.message()).contains("revoked");
        assertSignedOut(acting, "revoked");
        assertSignedOut(idle, "revoked");
        assertThat(relay.audit().recent(20))
                .anySatisfy(entry -> {
                    assertThat(entry.actor()).isEqualTo("nightly");
                    assertThat(entry.action()).isEqualTo("start_task");
                    assertThat(entry.outcome()).isEqualTo("unauthorized");
                })
                .anySatisfy(entry -> {
                    assertThat(entry.actor()).isEqualTo("nightly");
                    assertThat(entry.action()).isEqualTo("connection_signed_out");
                });
        await().atMost(CLOSED_WITHIN).until(() -> relay.server().clientCount() == 0);
    }

    @Test
    void removingAUserChangingAPasswordOrARoleEndsThatUsersConnectionsOnly() throws Exception {
        start();
        WsClient bob =
                connect(TestRelays.login(http, relay, "bob").get("accessToken").asText());
        WsClient alice = connect(
                TestRelays.login(http, relay, "alice").get("accessToken").asText());
        WsClient carol = connect(
                TestRelays.login(http, relay, "carol").get("accessToken").asText());

        relayCommand("", "user", "remove", "bob");
        assertSignedOut(bob, "removed");

        relayCommand("a-new-password-for-alice\n", "user", "passwd", "alice", "--password-stdin");
        assertSignedOut(alice, "log in again");

        relay.auth().users().setRole("carol", Role.OPERATOR);
        assertSignedOut(carol, "role changed to operator");
    }

    @Test
    void aRefreshTokenUsedTwiceSignsOutTheConnectionsOfThatLogin() throws Exception {
        start();
        JsonNode first = TestRelays.login(http, relay, "carol");
        JsonNode second = TestRelays.login(http, relay, "carol");
        WsClient stolen = connect(first.get("accessToken").asText());
        WsClient other = connect(second.get("accessToken").asText());
        String spent = first.get("refreshToken").asText();
        String body = "{\"refreshToken\":\"" + spent + "\"}";
        assertThat(TestRelays.post(http, relay, "/v1/auth/refresh", body).statusCode())
                .isEqualTo(200);

        assertThat(TestRelays.post(http, relay, "/v1/auth/refresh", body).statusCode())
                .isEqualTo(401);

        assertSignedOut(stolen, "used twice");
        other.send(new ClientMessage.ListSessions("l"));
        assertThat(other.ack("l")).isNotNull();
        assertThat(other.isClosed()).isFalse();
    }

    @Test
    void anExpiredAccessTokenStopsRequestsUntilTheClientRenewsItInBand() throws Exception {
        start();
        JsonNode login = TestRelays.login(http, relay, "bob");
        WsClient bob = connect(login.get("accessToken").asText());
        clock.advance(Duration.ofMinutes(16));

        bob.send(new ClientMessage.StartTask("t", "demo-1", "Too late", null, null));
        ServerMessage.Error expired = bob.error("t");
        assertThat(expired.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        assertThat(expired.message()).contains("authenticate");
        bob.send(new ClientMessage.Ping("p"));
        assertThat(bob.ack("p")).isNotNull();

        String alicesToken = relay.auth().accessToken("alice");
        bob.send(new ClientMessage.Authenticate("a1", alicesToken));
        assertThat(bob.error("a1").code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        bob.send(new ClientMessage.Authenticate("a2", "not-a-token"));
        assertThat(bob.error("a2").code()).isEqualTo(ErrorCode.UNAUTHORIZED);

        JsonNode refreshed = RooJson.parse(TestRelays.post(
                        http,
                        relay,
                        "/v1/auth/refresh",
                        "{\"refreshToken\":\"" + login.get("refreshToken").asText() + "\"}")
                .body());
        bob.send(new ClientMessage.Authenticate(
                "a3", refreshed.get("accessToken").asText()));
        bob.ack("a3");
        bob.send(new ClientMessage.StartTask("t2", "demo-1", "Renewed", null, null));
        bob.ack("t2");
        assertThat(bob.isClosed()).isFalse();

        clock.advance(Duration.ofMinutes(15).plus(ConnectionCredentials.EXPIRED_GRACE));
        await().atMost(CLOSED_WITHIN).until(bob::isClosed);
        assertThat(bob.closeCode.join()).isEqualTo(StatusCode.POLICY_VIOLATION);
        assertThat(bob.closeReason).contains("expired");
    }

    @Test
    void closeReasonsFitAWebSocketCloseFrame() {
        String reason = "signed out: the agent token '" + "é".repeat(64) + "' was revoked: ask for a new one";
        String cut = Utf8.truncate(reason, 123);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).startsWith("signed out: the agent token 'é").endsWith("\u2026");
        assertThat(Utf8.truncate("short", 123)).isEqualTo("short");
    }
}
