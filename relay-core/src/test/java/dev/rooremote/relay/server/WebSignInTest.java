package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's sign-in: the refresh token only ever in an HttpOnly, Secure, SameSite=Strict
 * cookie, rotated on each use with reuse revoking the login, and nothing accepted from another
 * site's page.
 */
class WebSignInTest {

    private static final String COOKIE = "__Host-roo-refresh";
    private static final String ALICE = "{\"username\":\"alice\",\"password\":\"alice-password\"}";

    @TempDir
    Path dataDir;

    private RelayRuntime relay;
    private HttpClient http;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        TestRelays.close(clients, relay);
    }

    private void start(boolean plain) throws Exception {
        relay = TestRelays.start(
                new RelayRuntime.Options(dataDir, "127.0.0.1", 0, plain, null, null, null, null, null));
        http = WsClient.http(plain ? null : relay.tls().certificate());
    }

    /** A POST as the relay's own page sends it: X-Roo-Web and the relay's origin, plus {@code headers}. */
    private HttpResponse<String> web(String path, String body, String cookie) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Roo-Web", "1");
        headers.put("Origin", relay.httpUrl());
        if (cookie != null) {
            headers.put("Cookie", COOKIE + "=" + cookie);
        }
        return post(path, body, headers);
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.httpUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The refresh token a Set-Cookie header of the answer carries. */
    private static String cookieValue(HttpResponse<String> answer) {
        String header = answer.headers().firstValue("set-cookie").orElseThrow();
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }

    @Test
    void loginSetsTheRefreshCookieAndAnswersOnlyTheAccessToken() throws Exception {
        start(false);
        HttpResponse<String> login = web("/v1/web/login", ALICE, null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().allValues("set-cookie")).hasSize(1);
        String refresh = cookieValue(login);
        assertThat(refresh).hasSizeGreaterThan(30);
        assertThat(login.headers().firstValue("set-cookie"))
                .hasValue(COOKIE + "=" + refresh + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=2592000");
        assertThat(login.headers().firstValue("cache-control")).hasValue("no-store");

        JsonNode body = RooJson.parse(login.body());
        assertThat(body.get("user").asText()).isEqualTo("alice");
        assertThat(body.get("role").asText()).isEqualTo("admin");
        assertThat(body.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(body.has("refreshToken")).isFalse();
        assertThat(login.body()).doesNotContain(refresh);

        WsClient client =
                WsClient.connect(http, relay.url(), body.get("accessToken").asText());
        clients.add(client);
        client.send(new ClientMessage.Hello("h", "web-test/1", null));
        assertThat(client.await(ServerMessage.Welcome.class).user()).isEqualTo("alice");
        assertThat(relay.audit().recent(10)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("web_login");
            assertThat(entry.actor()).isEqualTo("alice");
            assertThat(entry.outcome()).isEqualTo("ok");
        });
        assertThat(relay.audit().recent(10).toString()).doesNotContain(refresh);
    }

    @Test
    void refreshRotatesTheCookieAndAReusedOneSignsOutTheLogin() throws Exception {
        start(false);
        String first = cookieValue(web("/v1/web/login", ALICE, null));

        HttpResponse<String> refreshed = web("/v1/web/refresh", "", first);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String second = cookieValue(refreshed);
        assertThat(second).isNotEqualTo(first);
        assertThat(refreshed.headers().firstValue("set-cookie").orElseThrow())
                .endsWith("; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=2592000");
        JsonNode body = RooJson.parse(refreshed.body());
        assertThat(body.get("accessToken").asText()).isNotBlank();
        assertThat(body.get("user").asText()).isEqualTo("alice");
        assertThat(body.has("refreshToken")).isFalse();

        // The spent cookie again (a stolen copy): refused and cleared, and the whole login is revoked.
        HttpResponse<String> reused = web("/v1/web/refresh", "", first);
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(RooJson.parse(reused.body()).get("error").asText()).isEqualTo("unauthorized");
        assertThat(reused.headers().firstValue("set-cookie"))
                .hasValue(COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
        assertThat(web("/v1/web/refresh", "", second).statusCode()).isEqualTo(401);

        HttpResponse<String> none = web("/v1/web/refresh", "", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("set-cookie").orElseThrow()).endsWith("Max-Age=0");
        assertThat(relay.audit().recent(10)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("web_refresh");
            assertThat(entry.outcome()).isEqualTo("unauthorized");
        });
    }

    @Test
    void logoutClearsTheCookieRevokesTheLoginAndEndsItsConnections() throws Exception {
        start(false);
        HttpResponse<String> login = web("/v1/web/login", ALICE, null);
        String refresh = cookieValue(login);
        WsClient page = WsClient.connect(
                http,
                relay.url(),
                RooJson.parse(login.body()).get("accessToken").asText());
        clients.add(page);

        HttpResponse<String> logout = web("/v1/web/logout", "", refresh);
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("set-cookie"))
                .hasValue(COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
        assertThat(web("/v1/web/refresh", "", refresh).statusCode()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(15)).until(page::isClosed);
        assertThat(page.closeCode.join()).isEqualTo(StatusCode.POLICY_VIOLATION);
        assertThat(page.closeReason).startsWith("signed out");
        assertThat(relay.audit().recent(20)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("web_logout");
            assertThat(entry.actor()).isEqualTo("alice");
        });
        // Signing out again, or without a cookie, is harmless.
        assertThat(web("/v1/web/logout", "", null).statusCode()).isEqualTo(204);
    }

    @Test
    void requestsWithoutTheHeaderOrFromAnotherOriginAreRefused() throws Exception {
        start(false);
        String refresh = cookieValue(web("/v1/web/login", ALICE, null));
        String own = relay.httpUrl();
        int port = relay.port();
        List<Map<String, String>> refused = List.of(
                Map.of("Origin", own),
                Map.of("X-Roo-Web", "1"),
                Map.of("X-Roo-Web", "1", "Origin", "https://evil.example"),
                Map.of("X-Roo-Web", "1", "Origin", "https://127.0.0.1:" + (port == 1 ? 2 : port - 1)),
                Map.of("X-Roo-Web", "1", "Origin", "http://127.0.0.1:" + port),
                Map.of("X-Roo-Web", "1", "Origin", "null"),
                Map.of("X-Roo-Web", "true", "Origin", own));
        for (String path : List.of("/v1/web/login", "/v1/web/refresh", "/v1/web/logout")) {
            for (Map<String, String> headers : refused) {
                Map<String, String> all = new LinkedHashMap<>(headers);
                all.put("Cookie", COOKIE + "=" + refresh);
                HttpResponse<String> answer = post(path, ALICE, all);
                assertThat(answer.statusCode()).as(path + " " + headers).isEqualTo(403);
                JsonNode body = RooJson.parse(answer.body());
                assertThat(body.get("error").asText()).isEqualTo("forbidden_origin");
                assertThat(body.get("message").asText()).isNotBlank();
                assertThat(answer.headers().firstValue("set-cookie")).isEmpty();
            }
        }
        // A forged logout did not sign the login out.
        assertThat(web("/v1/web/refresh", "", refresh).statusCode()).isEqualTo(200);
        List<AuditLog.Entry> audit = relay.audit().recent(50);
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("web_login");
            assertThat(entry.outcome()).isEqualTo("forbidden_origin");
        });
    }

    @Test
    void wrongPasswordsAre401AndThenThrottledWithRetryAfter() throws Exception {
        start(false);
        String wrong = "{\"username\":\"bob\",\"password\":\"wrong-password\"}";
        HttpResponse<String> first = web("/v1/web/login", wrong, null);
        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(RooJson.parse(first.body()).get("error").asText()).isEqualTo("unauthorized");
        assertThat(first.headers().firstValue("set-cookie")).isEmpty();
        HttpResponse<String> answer = first;
        for (int i = 0; i < 10 && answer.statusCode() != 429; i++) {
            answer = web("/v1/web/login", wrong, null);
        }
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.headers().firstValue("retry-after")).isPresent();
        assertThat(RooJson.parse(answer.body()).get("error").asText()).isEqualTo("rate_limited");
        assertThat(relay.audit().recent(20)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("web_login");
            assertThat(entry.outcome()).isEqualTo("unauthorized");
        });
    }

    @Test
    void infoShowsTheVersionAndTheCertificatesFingerprint() throws Exception {
        start(false);
        HttpResponse<String> info = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/info"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        JsonNode body = RooJson.parse(info.body());
        assertThat(body.get("version").asText()).isNotBlank();
        assertThat(body.get("fingerprint").asText())
                .isEqualTo(relay.fingerprint())
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(body.get("tls").asBoolean()).isTrue();
    }

    @Test
    void withPlainTheCookieIsNotSecureAndInfoSaysSo() throws Exception {
        start(true);
        HttpResponse<String> login =
                post("/v1/web/login", ALICE, Map.of("X-Roo-Web", "1", "Origin", "http://127.0.0.1:" + relay.port()));
        assertThat(login.statusCode()).isEqualTo(200);
        String refresh = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(refresh)
                .startsWith("roo-refresh=")
                .endsWith("; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000")
                .doesNotContain("Secure");
        String token = refresh.substring(refresh.indexOf('=') + 1, refresh.indexOf(';'));
        HttpResponse<String> refreshed = post(
                "/v1/web/refresh",
                "",
                Map.of(
                        "X-Roo-Web",
                        "1",
                        "Origin",
                        "http://127.0.0.1:" + relay.port(),
                        "Cookie",
                        "roo-refresh=" + token));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(post("/v1/web/login", ALICE, Map.of("X-Roo-Web", "1", "Origin", "https://127.0.0.1:" + relay.port()))
                        .statusCode())
                .isEqualTo(403);

        // A page whose DNS name was rebound to 127.0.0.1 is same-origin with itself, but not the relay's page.
        String body = ALICE;
        RawHttp rebound = RawHttp.send(
                relay,
                "POST /v1/web/login HTTP/1.1\r\nHost: evil.example:" + relay.port() + "\r\nOrigin: http://evil.example:"
                        + relay.port() + "\r\nX-Roo-Web: 1\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("forbidden_origin");
        assertThat(rebound.header("set-cookie")).isEmpty();

        JsonNode info = RooJson.parse(http.send(
                        HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/info"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(info.get("fingerprint").isNull()).isTrue();
        assertThat(info.get("tls").asBoolean()).isFalse();
    }
}
