package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.auth.AgentTokens;
import dev.rooremote.testsupport.data.TestFiles;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /v1/sessions} over real TLS: the list {@code list_sessions} answers, for the same bearer
 * tokens and with the same scope, refused with 401 and a JSON error without a valid one.
 */
class SessionsEndpointTest {

    @RegisterExtension
    final RunningRelay running = new RunningRelay();

    private RelayRuntime relay;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        relay = running.start(false);
        http = running.http();
    }

    private HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/sessions"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What list_sessions answers the same token over the WebSocket. */
    private JsonNode listedOverWebSocket(String token) {
        WsClient client = running.closeAfter(WsClient.connect(http, relay.url(), token));
        client.send(new ClientMessage.ListSessions("l1"));
        AckResult.Sessions listed = (AckResult.Sessions) client.ack("l1").result();
        return RooJson.mapper().valueToTree(listed.sessions());
    }

    @Test
    void aSignedInUserGetsTheSessionsListSessionsAnswers() throws Exception {
        for (String user : List.of("alice", "carol")) {
            String token =
                    TestRelays.login(http, relay, user).get("accessToken").asText();

            HttpResponse<String> answer = get("Bearer " + token);

            assertThat(answer.statusCode()).as(user).isEqualTo(200);
            assertThat(answer.headers().firstValue("content-type").orElseThrow())
                    .startsWith("application/json");
            assertThat(answer.headers().firstValue("cache-control")).contains("no-store");
            JsonNode sessions = RooJson.parse(answer.body()).get("sessions");
            assertThat(sessions).as(user).isEqualTo(listedOverWebSocket(token));
            assertThat(sessions.findValuesAsText("sessionId")).containsExactly("demo-1", "demo-2");
        }
    }

    @Test
    void anAgentTokenSeesOnlyItsSessions() throws Exception {
        AgentTokens.Created bot =
                relay.auth().agentTokens().create("nightly", Role.VIEWER, Set.of("demo-2"), Duration.ofDays(1));

        HttpResponse<String> answer = get("Bearer " + bot.secret());

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode sessions = RooJson.parse(answer.body()).get("sessions");
        assertThat(sessions.findValuesAsText("sessionId")).containsExactly("demo-2");
        assertThat(sessions).isEqualTo(listedOverWebSocket(bot.secret()));
    }

    @Test
    void noForgedOrRevokedTokenIsRefusedWith401AndAClearErrorThatDoesNotRepeatTheToken() throws Exception {
        AgentTokens.Created bot =
                relay.auth().agentTokens().create("nightly", Role.OPERATOR, Set.of("demo-1"), Duration.ofDays(1));
        relay.auth().agentTokens().revoke("nightly");
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl";

        HttpResponse<String> none = get(null);
        HttpResponse<String> notBearer = get("Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=");
        HttpResponse<String> bad = get("Bearer " + forged);
        HttpResponse<String> revoked = get("Bearer " + bot.secret());

        for (HttpResponse<String> refused : List.of(none, notBearer, bad, revoked)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("www-authenticate")).contains("Bearer");
            JsonNode error = RooJson.parse(refused.body());
            assertThat(error.get("code").asText()).isEqualTo("unauthorized");
            assertThat(error.get("message").asText()).isNotBlank();
            assertThat(refused.body()).doesNotContain(forged).doesNotContain(bot.secret());
        }
        assertThat(RooJson.parse(none.body()).get("message").asText()).contains("no token");
        assertThat(RooJson.parse(revoked.body()).get("message").asText()).contains("revoked");
        assertThat(relay.audit().recent(10)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("connect");
            assertThat(entry.outcome()).isEqualTo("unauthorized");
        });
    }

    @Test
    void onlyGetIsAnswered() throws Exception {
        String token = relay.auth().accessToken("alice");
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/sessions"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(RooJson.parse(post.body()).get("message").asText()).isEqualTo("use GET for this endpoint");
    }

    @Test
    void tooManyRequestsFromOneAddressAreRefusedWith429AndRetryAfter() throws Exception {
        Path dataDir = Files.createTempDirectory("relay-data");
        RelayRuntime limited = TestRelays.start(new RelayRuntime.Options(
                dataDir, "127.0.0.1", 0, false, null, null, Limits.defaults().withRequestRate(0.01, 2), null, null));
        try {
            HttpClient client = WsClient.http(limited.tls().certificate());
            HttpRequest request = HttpRequest.newBuilder(URI.create(limited.httpUrl() + "/v1/sessions"))
                    .header("Authorization", "Bearer " + limited.auth().accessToken("alice"))
                    .build();
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);

            HttpResponse<String> third = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("retry-after")).contains("1");
            JsonNode error = RooJson.parse(third.body());
            assertThat(error.get("code").asText()).isEqualTo("rate_limited");
            assertThat(error.get("message").asText()).contains("slow down");
        } finally {
            limited.close();
            TestFiles.deleteTree(dataDir);
        }
    }
}
