package dev.rooremote.webtests;

import dev.rooremote.relay.demo.DemoRoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;

/**
 * What every browser test class shares: skipped with a message saying what to install where Chromium
 * or its driver is missing, the shared browser, and demo timing slow enough to watch text grow.
 */
abstract class BrowserTest {

    /** Streams in visible steps, state events soon after. */
    static final DemoRoo.Timing TIMING = new DemoRoo.Timing(
            Duration.ofMillis(15), Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(300));

    /** On a failure, what the page showed: target/web-failures/CLASS.METHOD.png and .txt. */
    @RegisterExtension
    static final TestWatcher PAGE_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (Browser.missing().isPresent()) {
                return;
            }
            try {
                Path dir = Files.createDirectories(Path.of("target", "web-failures"));
                String name = context.getRequiredTestClass().getSimpleName() + "."
                        + context.getRequiredTestMethod().getName();
                Files.write(dir.resolve(name + ".png"), browser().screenshot());
                Files.writeString(
                        dir.resolve(name + ".txt"),
                        browser().driver().getCurrentUrl() + "\n\n"
                                + browser()
                                        .driver()
                                        .findElement(By.tagName("body"))
                                        .getText());
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    };

    /** Skips the whole class (no relay started) where Chromium or its driver is missing, saying what to install. */
    @RegisterExtension
    static final ExecutionCondition NEEDS_CHROMIUM = context -> Browser.missing()
            .map(ConditionEvaluationResult::disabled)
            .orElseGet(() -> ConditionEvaluationResult.enabled("Chromium and chromedriver are installed"));

    static Browser browser() {
        return Browser.shared();
    }
}
