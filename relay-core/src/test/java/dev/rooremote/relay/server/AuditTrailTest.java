package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.cli.RelayMain;
import dev.rooremote.testsupport.roo.WsClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything that matters is in the audit table, and {@code roo-relay audit} shows and filters it:
 * sign-ins and refused ones, lockouts, a refresh token used twice, refused upgrades, every refused
 * request, and which settings keys changed (never their values).
 */
class AuditTrailTest {

    @TempDir
    Path dataDir;

    private final List<WsClient> clients = new ArrayList<>();
    private RelayRuntime relay;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        relay = TestRelays.start(RelayRuntime.Options.of(dataDir, "127.0.0.1", 0));
        http = WsClient.http(relay.tls().certificate());
    }

    @AfterEach
    void stop() {
        TestRelays.close(clients, relay);
    }

    private int login(String user, String password) throws Exception {
        return TestRelays.post(
                        http,
                        relay,
                        "/v1/auth/login",
                        RooJson.mapper()
                                .createObjectNode()
                                .put("username", user)
                                .put("password", password)
                                .toString())
                .statusCode();
    }

    private String audit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("audit", "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        int code = RelayMain.commandLine(
                        new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private List<AuditLog.Entry> entries(String action) {
        return relay.audit().query(new AuditLog.Query(null, null, action, null, null, 100));
    }

    @Test
    void signInsFailuresLockoutsAndRefreshReuseAreAudited() throws Exception {
        assertThat(login("bob", "bob-password")).isEqualTo(200);
        for (int i = 0; i < 6; i++) {
            login("alice", "not-her-password");
        }
        assertThat(login("alice", "alice-password")).isEqualTo(429);
        JsonNode tokens = TestRelays.login(http, relay, "carol");
        String body = "{\"refreshToken\":\"" + tokens.get("refreshToken").asText() + "\"}";
        TestRelays.post(http, relay, "/v1/auth/refresh", body);
        TestRelays.post(http, relay, "/v1/auth/refresh", body);

        assertThat(entries("login"))
                .anySatisfy(e -> assertThat(e).extracting("actor", "outcome").containsExactly("bob", "ok"))
                .anySatisfy(e -> assertThat(e).extracting("actor", "outcome").containsExactly("alice", "unauthorized"))
                .anySatisfy(e -> assertThat(e).extracting("actor", "outcome").containsExactly("alice", "rate_limited"))
                .allSatisfy(e -> assertThat(e.detail()).startsWith("from 127.0.0.1"));
        assertThat(entries("refresh"))
                .anySatisfy(e -> assertThat(e).extracting("actor", "outcome").containsExactly("carol", "ok"))
                .anySatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo("unauthorized");
                    assertThat(e.detail()).contains("already used");
                });
        assertThat(audit("--action", "login", "--outcome", "rate_limited"))
                .contains("alice")
                .contains("rate_limited")
                .doesNotContain("bob ");
    }

    @Test
    void refusedUpgradesAndEveryRefusedRequestAreAudited() throws Exception {
        Throwable refused = Assertions.catchThrowable(() -> WsClient.connect(http, relay.url(), "forged.token.here"));
        assertThat(refused)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(entries("connect")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("-");
            assertThat(e.outcome()).isEqualTo("unauthorized");
            assertThat(e.detail()).startsWith("from 127.0.0.1");
        });

        WsClient carol = WsClient.connect(http, relay.url(), relay.auth().accessToken("carol"));
        clients.add(carol);
        carol.send(new ClientMessage.Subscribe("s", "no-such-session", null));
        assertThat(carol.error("s").code()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
        carol.send(new ClientMessage.CancelTask("c", "demo-1", null));
        assertThat(carol.error("c").code()).isEqualTo(ErrorCode.FORBIDDEN);

        assertThat(entries("subscribe")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("carol");
            assertThat(e.sessionId()).isEqualTo("no-such-session");
            assertThat(e.outcome()).isEqualTo("unknown_session");
        });
        assertThat(entries("cancel_task")).singleElement().satisfies(e -> assertThat(e.outcome())
                .isEqualTo("forbidden"));
    }

    @Test
    void aSettingsChangeRecordsItsKeysNeverTheirValues() throws Exception {
        WsClient alice = WsClient.connect(http, relay.url(), relay.auth().accessToken("alice"));
        clients.add(alice);
        alice.send(new ClientMessage.UpdateSettings(
                "u",
                "demo-1",
                Map.of(
                        "openAiApiKey",
                        TextNode.valueOf("sk-secret-value-123"),
                        "mode",
                        TextNode.valueOf("architect"))));
        ServerMessage answer = alice.answer("u");
        assertThat(answer).isNotNull();

        assertThat(entries("update_settings")).singleElement().satisfies(e -> {
            assertThat(e.detail()).contains("openAiApiKey").contains("mode");
            assertThat(e.detail()).doesNotContain("sk-secret-value-123").doesNotContain("architect");
        });
        assertThat(audit("--json")).doesNotContain("sk-secret-value-123");
    }

    @Test
    void aSignInNameWithALineBreakIsShownEscapedOnOneLine() throws Exception {
        login("mallory\r\nFAKE audit line", "whatever-it-is");
        String shown = audit("--action", "login");
        assertThat(shown).contains("\"mallory\\r\\nFAKE audit line\"");
        assertThat(shown.lines()).noneMatch(line -> line.startsWith("FAKE"));
        JsonNode json = RooJson.parse(audit("--action", "login", "--json"));
        assertThat(json.get(0).get("actor").asText()).isEqualTo("mallory\r\nFAKE audit line");
    }
}
