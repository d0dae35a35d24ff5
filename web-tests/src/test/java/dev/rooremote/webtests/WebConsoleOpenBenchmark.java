package dev.rooremote.webtests;

import dev.rooremote.testsupport.RelayFixture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How long a returning phone user waits for the session list (a benchmark, not a test; it prints its
 * figures). A real relay serves the web console with six demo sessions over TLS on loopback; headless
 * Chromium signs in once, then opens the console afresh again and again: the refresh cookie signs it in
 * silently, the page opens its WebSocket and asks for the sessions. Measured with the page's own clock:
 * {@code performance.now()} (milliseconds from the navigation's start) when the first session row appears,
 * seen by a MutationObserver put into every new document before the page's own script
 * ({@code Page.addScriptToEvaluateOnNewDocument}).
 *
 * <p>The floor, alternating in the same run and the same browser: the console's own script file opened
 * as a page (the same bytes from the same relay over the same TLS, with no app run), and the relay's
 * {@code /v1/health}; each to its {@code loadEventEnd}. Between two opens the browser shows
 * {@code about:blank}. The console's service worker is installed (as for a returning user): its hashed
 * files come from the worker's cache, the page itself from the relay.
 *
 * <p>Run (about a minute), from the repository's root, after {@code ./mvnw -B -q install -DskipTests -pl
 * '!packaging'}:
 *
 * <pre>
 * ./mvnw -B -q -pl web-tests test-compile dependency:build-classpath -DskipTests \
 *   -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -cp "web-tests/target/test-classes:$(cat web-tests/target/bench.classpath)" \
 *   dev.rooremote.webtests.WebConsoleOpenBenchmark
 * </pre>
 *
 * Options: {@code -Dbench.runs=20 -Dbench.warmup=3}.
 */
public final class WebConsoleOpenBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 20);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 3);

    /** Notes when the first session row appears; only on the console's page, and only once. */
    private static final String FIRST_ROW_PROBE = """
            (() => {
              if (location.pathname !== '/') return;
              const seen = () => {
                if (document.querySelector('.session-row')) {
                  window.__firstRow = performance.now();
                  observer.disconnect();
                }
              };
              const observer = new MutationObserver(seen);
              observer.observe(document, { childList: true, subtree: true });
            })();
            """;

    private WebConsoleOpenBenchmark() {}

    public static void main(String[] args) {
        quietRelayLogs();
        if (Browser.missing().isPresent()) {
            System.out.println(Browser.missing().get());
            return;
        }
        try (RelayFixture relay = RelayFixture.builder().demoSessions(6).start()) {
            Browser browser = Browser.shared();
            browser.use(Browser.PHONE);
            ConsolePage page = new ConsolePage(browser, relay.httpUrl());
            page.signIn("alice", relay.password("alice"));
            String script = (String)
                    browser.script("return Array.from(document.scripts, s => s.src).find(s => s.includes('/assets/'))");
            Object scriptBytes = browser.script(
                    "return performance.getEntriesByName(arguments[0])[0]?.decodedBodySize ?? -1", script);
            ((ChromeDriver) browser.driver())
                    .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FIRST_ROW_PROBE));
            String health = relay.httpUrl() + "/v1/health";

            for (int i = 0; i < WARMUP; i++) {
                openConsole(browser, relay.httpUrl());
                openPlain(browser, script);
                openPlain(browser, health);
            }
            double[] console = new double[RUNS];
            double[] loaded = new double[RUNS];
            double[] floor = new double[RUNS];
            double[] healthFloor = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                double[] open = openConsole(browser, relay.httpUrl());
                console[i] = open[0];
                loaded[i] = open[1];
                floor[i] = openPlain(browser, script);
                healthFloor[i] = openPlain(browser, health);
            }
            System.out.printf(
                    Locale.ROOT,
                    "web console: navigation start -> first session row, silent sign-in with the refresh cookie;"
                            + " %d runs each after %d warm-up, alternating%n"
                            + "  %d CPUs, load average %.2f at the end; Java %s; %s; phone viewport, TLS on loopback%n",
                    RUNS,
                    WARMUP,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    System.getProperty("java.version"),
                    ((ChromeDriver) browser.driver()).getCapabilities().getBrowserName() + " "
                            + ((ChromeDriver) browser.driver())
                                    .getCapabilities()
                                    .getBrowserVersion());
            line("console, first session row", console);
            line("  of which page loaded (DOMContentLoaded)", loaded);
            line("floor: the console's script (" + scriptBytes + " bytes) as a page", floor);
            line("floor: /v1/health as a page", healthFloor);
            System.out.printf(
                    Locale.ROOT,
                    "ratio p50 console/script floor = %.2f; console/health floor = %.2f%n",
                    percentile(console, 0.5) / percentile(floor, 0.5),
                    percentile(console, 0.5) / percentile(healthFloor, 0.5));
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Opens the console afresh; returns the first row's time and DOMContentLoaded, in ms from navigation start. */
    private static double[] openConsole(Browser browser, String origin) {
        browser.driver().get("about:blank");
        browser.driver().get(origin + "/");
        Object first = new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .withMessage("the session list after a silent sign-in")
                .until(d -> {
                    if (!browser.all(org.openqa.selenium.By.id("username")).isEmpty()) {
                        throw new IllegalStateException("the console asked for a password: the silent sign-in failed");
                    }
                    return browser.script("return window.__firstRow ?? null");
                });
        Object loaded = browser.script("return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
        return new double[] {((Number) first).doubleValue(), ((Number) loaded).doubleValue()};
    }

    /** Opens {@code url} as a page; returns its loadEventEnd in ms from navigation start. */
    private static double openPlain(Browser browser, String url) {
        browser.driver().get("about:blank");
        browser.driver().get(url);
        Object end = new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .withMessage("the load of " + url)
                .until(d -> browser.script("const n = performance.getEntriesByType('navigation')[0];"
                        + " return n && n.loadEventEnd > 0 ? n.loadEventEnd : null"));
        return ((Number) end).doubleValue();
    }

    private static void line(String what, double[] millis) {
        System.out.printf(
                Locale.ROOT,
                "  %-58s p50 %7.1f ms   max %7.1f ms%n",
                what,
                percentile(millis, 0.5),
                Arrays.stream(millis).max().orElse(0));
    }

    /** The relay's log lines (sign-ins, connections) at warn and above only, unless set otherwise. */
    static void quietRelayLogs() {
        String key = "org.slf4j.simpleLogger.defaultLogLevel";
        System.setProperty(key, System.getProperty(key, "warn"));
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
