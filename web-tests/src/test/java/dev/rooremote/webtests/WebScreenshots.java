package dev.rooremote.webtests;

import dev.rooremote.testsupport.RelayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.By;

/**
 * Writes the README's pictures of the web console, {@code docs/web-phone.png} and {@code
 * docs/web-tablet.png}: a demo session with a transcript and a file edit waiting for approval. Not a
 * test; run it after changing the page:
 *
 * <pre>./mvnw -B -q test-compile exec:java -pl web-tests -DskipTests -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.rooremote.webtests.WebScreenshots -Dexec.args=docs</pre>
 */
public final class WebScreenshots {

    private WebScreenshots() {}

    public static void main(String[] args) throws Exception {
        Browser.missing().ifPresent(message -> {
            throw new IllegalStateException(message);
        });
        Path docs = Path.of(args.length > 0 ? args[0] : "docs").toAbsolutePath();
        Files.createDirectories(docs);
        try (RelayFixture relay = RelayFixture.builder()
                .demoSessions(3)
                .demoTiming(BrowserTest.TIMING)
                .start()) {
            Browser browser = Browser.shared();
            browser.use(Browser.PHONE);
            ConsolePage page = new ConsolePage(browser, relay.httpUrl());
            page.signIn("alice", relay.password("alice"));
            page.openSession("demo-1");
            page.startTask("Add a usage section to the README", null);
            browser.waitFor(By.id("approve"));
            Thread.sleep(500);
            browser.script("document.querySelector(\"#session li[data-kind='tool']\").scrollIntoView()");
            Files.write(docs.resolve("web-phone.png"), browser.screenshot());
            browser.use(Browser.TABLET);
            Thread.sleep(500);
            browser.script("window.scrollTo(0, 0)");
            Files.write(docs.resolve("web-tablet.png"), browser.screenshot());
            System.out.println("wrote " + docs.resolve("web-phone.png") + " and " + docs.resolve("web-tablet.png"));
        }
        System.exit(0);
    }
}
