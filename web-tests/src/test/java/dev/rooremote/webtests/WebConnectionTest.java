package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.testsupport.RelayFixture;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The network between the phone and the relay goes away mid-reply and comes back: nothing is lost or
 * shown twice. Installed as an app, the console keeps its app shell (and only that: never an answer of
 * the relay's API), so it still opens while the relay cannot be reached, and says so.
 */
class WebConnectionTest extends BrowserTest {

    @RegisterExtension
    static final RelayFixture relay =
            RelayFixture.builder().demoSessions(1).demoTiming(TIMING).build();

    static TcpProxy proxy;
    static ConsolePage page;

    @BeforeAll
    static void open() throws Exception {
        proxy = new TcpProxy(relay.port());
        browser().use(Browser.PHONE);
        page = new ConsolePage(browser(), "https://127.0.0.1:" + proxy.port());
    }

    @AfterAll
    static void close() throws Exception {
        proxy.close();
    }

    @Test
    void survivesADroppedConnectionWithNothingLostOrDuplicated() throws Exception {
        page.signIn("bob", relay.password("bob"));
        page.openSession("demo-1");
        page.startTask("Tell me everything, long 12000", null);
        browser().waitUntil("the reply to stream", () -> page.messages("assistant").stream()
                .anyMatch(t -> t.length() > 100));

        proxy.refuse(true);
        proxy.cut();
        WebElement banner = browser().waitFor(By.id("link-banner"), Duration.ofSeconds(10));
        assertThat(banner.getText()).containsAnyOf("Offline", "Connecting");
        Thread.sleep(1500); // Roo goes on streaming while the phone is away
        proxy.refuse(false);

        page.waitForTranscript("I wrote the long explanation above.", Duration.ofSeconds(60));
        browser().waitUntil("the banner to go", () -> browser()
                .all(By.id("link-banner"))
                .isEmpty());
        List<String> seen = page.messages("assistant");
        List<String> stamps = browser().all(By.cssSelector("#session .transcript > li[data-ts]")).stream()
                .map(e -> e.getAttribute("data-ts"))
                .toList();
        Set<String> unique = new HashSet<>(stamps);
        assertThat(stamps).as("every message once").hasSize(unique.size());

        // What a fresh page builds from the relay's snapshot is the truth to compare with.
        browser().driver().navigate().refresh();
        browser().waitFor(By.cssSelector("#session[data-session='demo-1']"));
        page.waitForTranscript("I wrote the long explanation above.");
        assertThat(page.messages("assistant")).isEqualTo(seen);
    }

    @Test
    void theAppShellIsKeptWithoutSessionDataAndOpensWhileTheRelayIsAway() {
        page.signIn("bob", relay.password("bob"));
        Object worker = browser()
                .asyncScript("const done = arguments[arguments.length - 1];"
                        + "navigator.serviceWorker.ready.then(r => done(r.active ? r.active.scriptURL : null),"
                        + " e => done('failed: ' + e));");
        assertThat(worker).isEqualTo(page.origin() + "/sw.js");
        // Used as a person uses it: a session opened, a task started, the page reloaded (now through the worker).
        page.openSession("demo-1");
        page.startTask("Ask me a question", null);
        browser().waitFor(By.cssSelector("#ask .suggestion"));
        browser().driver().navigate().refresh();
        browser().waitFor(By.cssSelector("#ask .suggestion"));

        @SuppressWarnings("unchecked")
        List<String> kept = (List<String>) browser()
                .asyncScript("const done = arguments[arguments.length - 1];"
                        + "caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))"
                        + ".then(lists => done(lists.flat().map(r => r.url)), e => done(['failed: ' + e]));");
        List<String> paths = kept.stream().map(u -> URI.create(u).getPath()).toList();
        assertThat(paths).contains("/", "/manifest.webmanifest").anyMatch(p -> p.matches("/assets/.+\\.js"));
        assertThat(paths)
                .as("the app shell only: no answer of the relay's API, nothing of a session")
                .allMatch(p -> p.equals("/")
                        || p.equals("/manifest.webmanifest")
                        || p.startsWith("/assets/")
                        || p.startsWith("/icons/"));

        proxy.refuse(true);
        proxy.cut();
        try {
            browser().driver().navigate().refresh();
            browser()
                    .waitUntil(
                            "the kept page to open and say the relay is away",
                            () -> browser().driver().getCurrentUrl().startsWith(page.origin())
                                    && !browser().all(By.id("app")).isEmpty()
                                    && !browser()
                                            .all(By.id("app"))
                                            .get(0)
                                            .getText()
                                            .isBlank(),
                            Duration.ofSeconds(20));
        } finally {
            proxy.refuse(false);
        }
    }
}
