package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;

/** Access tokens that live a few seconds: the page renews them in band and goes on working, without reconnecting. */
class WebRenewTest extends BrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RelayFixture relay = RelayFixture.builder()
            .demoSessions(1)
            .demoTiming(TIMING)
            .accessTokenLifetime(Duration.ofSeconds(8))
            .build();

    static ConsolePage page;

    @BeforeAll
    static void open() {
        browser().use(Browser.PHONE);
        page = new ConsolePage(browser(), relay.httpUrl());
    }

    @Test
    void renewsTheTokenBeforeItExpiresWithoutReconnecting() throws Exception {
        browser().performanceLog();
        page.signIn("bob", relay.password("bob"));
        page.openSession("demo-1");
        Thread.sleep(12_000); // past the first token's life
        page.startTask("Ask me a question", null);
        page.tap(browser().waitFor(By.xpath("//button[contains(@class,'suggestion')][text()='English']")));
        page.waitForTranscript("Got the answer (English)");
        assertThat(browser().all(By.id("link-banner"))).isEmpty();

        int sockets = 0;
        List<String> refreshes = new ArrayList<>();
        int authenticates = 0;
        for (LogEntry entry : browser().performanceLog()) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            if (method.equals("Network.webSocketCreated")) {
                sockets++;
            } else if (method.equals("Network.requestWillBeSent")
                    && params.path("request").path("url").asText().endsWith("/v1/web/refresh")) {
                refreshes.add(params.path("request").path("method").asText());
            } else if (method.equals("Network.webSocketFrameSent")
                    && params.path("response").path("payloadData").asText().contains("\"authenticate\"")) {
                authenticates++;
            }
        }
        assertThat(sockets).as("one WebSocket all along").isEqualTo(1);
        // the silent sign-in on load, then at least one renewal
        assertThat(refreshes).hasSizeGreaterThanOrEqualTo(2).allMatch("POST"::equals);
        assertThat(authenticates)
                .as("the first frame, then each renewal in band")
                .isGreaterThanOrEqualTo(2);
    }
}
