package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without Chromium or its driver the browser tests are skipped with a message that says what to install. */
class BrowserMissingTest {

    @Test
    void saysWhatToInstallWhenChromiumOrItsDriverIsMissing() {
        Path none = Path.of("/nonexistent/chromium");
        Path noDriver = Path.of("/nonexistent/chromedriver");
        assertThat(Browser.missing(none, noDriver))
                .hasValue("browser tests skipped: missing /nonexistent/chromium (apt-get install chromium) and"
                        + " /nonexistent/chromedriver (apt-get install chromium-driver); install them with:"
                        + " apt-get install chromium chromium-driver");
        assertThat(Browser.missing(none, Path.of("/bin/sh"))).hasValueSatisfying(m -> assertThat(m)
                .contains("apt-get install chromium)")
                .doesNotContain("(apt-get install chromium-driver)"));
        assertThat(Browser.missing(Path.of("/bin/sh"), Path.of("/bin/sh"))).isEmpty();
    }
}
