package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rooremote.testsupport.RelayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;

/** Tokens stay out of URLs, the page carries its CSP and breaks none of it, a viewer is offered nothing to do, and the page is accessible. */
class WebSecurityTest extends BrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RelayFixture relay =
            RelayFixture.builder().demoSessions(2).demoTiming(TIMING).build();

    static ConsolePage page;

    @BeforeAll
    static void open() {
        browser().use(Browser.PHONE);
        page = new ConsolePage(browser(), relay.httpUrl());
    }

    @Test
    void noTokenInAnyUrlThePageRequests() throws Exception {
        browser().performanceLog(); // forget what came before
        browser().consoleLog();
        page.signIn("alice", relay.password("alice"));
        page.openSession("demo-1");
        page.startTask("Ask me a question", null);
        browser().waitFor(By.cssSelector("#ask .suggestion"));
        browser().driver().navigate().refresh(); // the silent sign-in with the refresh cookie
        browser().waitFor(By.cssSelector("#ask .suggestion"));

        List<String> urls = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (LogEntry entry : browser().performanceLog()) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            if (method.equals("Network.requestWillBeSent")) {
                urls.add(params.path("request").path("url").asText());
            } else if (method.equals("Network.webSocketCreated")) {
                urls.add(params.path("url").asText());
            } else if (method.equals("Network.webSocketFrameSent")) {
                JsonNode frame = JSON.readTree(
                        params.path("response").path("payloadData").asText());
                if (frame.path("type").asText().equals("authenticate")) {
                    tokens.add(frame.path("token").asText());
                }
            }
        }
        assertThat(browser().consoleLog().stream().map(LogEntry::getMessage))
                .as("nothing the CSP had to block")
                .noneMatch(m -> m.contains("Content Security Policy"));
        assertThat(tokens).as("the page signed in over the socket").isNotEmpty();
        assertThat(urls).anyMatch(u -> u.endsWith("/v1/ws"));
        for (String url : urls) {
            for (String token : tokens) {
                assertThat(url).doesNotContain(token);
            }
            assertThat(url.toLowerCase()).doesNotContain("token").doesNotContain("password");
        }
    }

    @Test
    void thePageCarriesAStrictContentSecurityPolicyAndItsManifestAndIconsLoad() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(relay.sslContext()).build();
        HttpResponse<String> index = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'");
        assertThat(csp).doesNotContain("unsafe-inline");
        assertThat(index.body()).doesNotContain("<script>").doesNotContain("style=");

        HttpResponse<String> manifest = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/manifest.webmanifest"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(manifest.statusCode()).isEqualTo(200);
        for (JsonNode icon : JSON.readTree(manifest.body()).path("icons")) {
            HttpResponse<byte[]> file = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    relay.httpUrl() + icon.path("src").asText()))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).as(icon.path("src").asText()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElse(""))
                    .startsWith(icon.path("type").asText());
        }
    }

    @Test
    void aViewerIsOfferedNoOperatorAction() {
        page.signIn("alice", relay.password("alice"));
        page.openSession("demo-2");
        page.startTask("Add a usage section to the README", null);
        browser().waitFor(By.id("deny"));
        page.tap(By.id("sign-out"));
        browser().waitFor(By.id("username"));

        page.signIn("carol", relay.password("carol"));
        assertThat(browser().driver().findElement(By.id("who")).getText()).isEqualTo("carol · viewer");
        page.openSession("demo-2");
        browser().waitUntil("the ask shown in words", () -> browser().all(By.id("ask")).stream()
                .anyMatch(e -> e.getText().contains("Roo wants to edit README.md")));
        assertThat(browser().all(By.cssSelector("#session button:not(.tab):not(.back)")).stream()
                        .map(e -> e.getText())
                        .toList())
                .as("no buttons but navigation")
                .isEmpty();
        assertThat(browser().all(By.id("prompt"))).isEmpty();
        assertThat(browser().driver().findElement(By.id("viewer-note")).getText())
                .contains("viewer");
        page.tap(By.id("tab-settings"));
        browser().waitFor(By.cssSelector("#settings input[data-key='alwaysAllowWrite']"));
        assertThat(browser().all(By.cssSelector("#settings input[type='checkbox']")))
                .allMatch(box -> !box.isEnabled());
    }

    @Test
    void hasNoSeriousOrCriticalAccessibilityViolations() throws Exception {
        String axe = Files.readString(Path.of(System.getProperty("axe.script")));
        page.openLogin();
        List<String> problems = new ArrayList<>(scan(axe, "login"));
        page.signIn("bob", relay.password("bob"));
        problems.addAll(scan(axe, "sessions"));
        page.openSession("demo-1");
        page.startTask("Ask me a question", null);
        browser().waitFor(By.cssSelector("#ask .suggestion"));
        problems.addAll(scan(axe, "session with a question"));
        browser().dark(true);
        try {
            problems.addAll(scan(axe, "session with a question, dark"));
        } finally {
            browser().dark(false);
        }
        assertThat(problems).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> scan(String axe, String where) {
        browser().script(axe);
        Object result = browser()
                .asyncScript("const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.map(n => n.target.join(' ')).join(', ')}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: ''}]));");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            Object impact = v.get("impact");
            if ("serious".equals(impact) || "critical".equals(impact)) {
                out.add(where + ": " + v.get("id") + " (" + impact + ") " + v.get("help") + " at " + v.get("nodes"));
            }
        }
        return out;
    }
}
