package dev.rooremote.webtests;

import dev.rooremote.relay.demo.DemoRoo;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every browser test class shares: skipped with a message saying what to install where Chromium
 * or its driver is missing, the shared browser, and demo timing slow enough to watch text grow.
 */
abstract class BrowserTest {

    /** Streams in visible steps, state events soon after. */
    static final DemoRoo.Timing TIMING = new DemoRoo.Timing(
            Duration.ofMillis(15), Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(300));

    @BeforeAll
    static void needsChromium() {
        Assumptions.assumeTrue(
                Browser.missing().isEmpty(), () -> Browser.missing().orElseThrow());
    }

    static Browser browser() {
        return Browser.shared();
    }
}
