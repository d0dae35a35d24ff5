package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay serves the web console's files from its own port: pages with a strict CSP, hashed assets
 * cached for good and the rest revalidated, client-side routes falling back to the page, and nothing
 * outside the console's folder.
 */
class WebConsoleTest {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; connect-src 'self'; manifest-src 'self'; worker-src 'self';"
            + " font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @TempDir
    Path dataDir;

    private RelayRuntime relay;
    private HttpClient http;

    @AfterEach
    void stop() {
        TestRelays.close(List.of(), relay);
    }

    private void start(String folder) throws Exception {
        relay = TestRelays.start(
                RelayRuntime.Options.of(dataDir, "127.0.0.1", 0).withWebConsole(folder));
        http = WsClient.http(relay.tls().certificate());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertPageHeaders(HttpResponse<String> answer) {
        assertThat(answer.headers().firstValue("content-security-policy")).hasValue(CSP);
        assertThat(answer.headers().firstValue("cross-origin-opener-policy")).hasValue("same-origin");
        assertThat(answer.headers().firstValue("permissions-policy"))
                .hasValue("camera=(), microphone=(), geolocation=()");
        assertThat(answer.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(answer.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(answer.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(answer.headers().firstValue("strict-transport-security")).hasValue("max-age=31536000");
    }

    @Test
    void thePageComesWithAStrictPolicyAndTheRelaysHeadersAndIsRevalidated() throws Exception {
        start("test-web-console");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<main id=\"app\">test console</main>");
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("cache-control")).hasValue("no-cache");
        assertPageHeaders(page);
        assertThat(get("/index.html").body()).isEqualTo(page.body());

        HttpResponse<String> manifest = get("/manifest.webmanifest");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("content-type")).hasValue("application/manifest+json; charset=utf-8");
        assertThat(manifest.headers().firstValue("cache-control")).hasValue("no-cache");
        assertPageHeaders(manifest);
    }

    @Test
    void hashedAssetsAreCachedForAYearWithTheirTypes() throws Exception {
        start("test-web-console");
        HttpResponse<String> script = get("/assets/app-8b1e4d7a.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("test console loaded");
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertPageHeaders(script);

        HttpResponse<String> style = get("/assets/app-3f2a9c1d.css");
        assertThat(style.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(style.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");

        HttpResponse<String> icon = get("/icons/roo.svg");
        assertThat(icon.headers().firstValue("content-type")).hasValue("image/svg+xml");
        assertThat(icon.headers().firstValue("cache-control")).hasValue("no-cache");
    }

    @Test
    void routesOfThePageFallBackToItAndMissingFilesAre404() throws Exception {
        start("test-web-console");
        String page = get("/").body();
        for (String route : List.of("/sessions/demo-1", "/login", "/assets", "/icons/")) {
            HttpResponse<String> answer = get(route);
            assertThat(answer.statusCode()).as(route).isEqualTo(200);
            assertThat(answer.body()).as(route).isEqualTo(page);
            assertThat(answer.headers().firstValue("cache-control")).hasValue("no-cache");
        }
        for (String missing : List.of("/assets/app-00000000.js", "/favicon.ico", "/sessions/demo-1.json")) {
            HttpResponse<String> answer = get(missing);
            assertThat(answer.statusCode()).as(missing).isEqualTo(404);
            assertPageHeaders(answer);
        }
        // The API keeps its own answers.
        HttpResponse<String> api = get("/v1/nothing");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(RooJson.parse(api.body()).get("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void pathsThatClimbOutOfTheFolderAre404EncodedOrNot() throws Exception {
        start("test-web-console");
        for (String path : List.of(
                "/assets/../index.html", "/assets/%2e%2e/index.html", "/assets/%2E%2E/index.html", "/./index.html")) {
            RawHttp answer = RawHttp.get(relay, path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("test console");
            assertThat(answer.header("x-content-type-options")).as(path).hasValue("nosniff");
        }
        // Above the root there is no path at all: Jetty refuses the request line itself (400) before any handler.
        for (String path :
                List.of("/../simplelogger.properties", "/%2e%2e/%2e%2e/dev/rooremote/relay/server/WebConsole.class")) {
            RawHttp answer = RawHttp.get(relay, path);
            assertThat(answer.status()).as(path).isIn(400, 404);
            assertThat(answer.body()).as(path).doesNotContain("showDateTime").doesNotContain("WebConsole");
        }
        assertThat(RawHttp.get(relay, "/..%2f..%2fsimplelogger.properties").status())
                .isEqualTo(404);
        assertThat(RawHttp.get(relay, "/index.html").status()).isEqualTo(200);
    }

    @Test
    void aBuildWithoutTheConsoleSaysSoAtTheRoot() throws Exception {
        start("no-such-web-console");
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(root.body()).contains("no web console");
        assertPageHeaders(root);
        assertThat(get("/sessions/demo-1").statusCode()).isEqualTo(404);
        assertThat(get("/v1/health").statusCode()).isEqualTo(200);
    }
}
