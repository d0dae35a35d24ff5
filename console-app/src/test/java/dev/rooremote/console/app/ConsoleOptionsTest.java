package dev.rooremote.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleOptionsTest {

    @Test
    void optionsOverrideTheEnvironmentAndThePasswordOnlyComesFromIt() throws Exception {
        ConsoleOptions o = ConsoleOptions.parse(
                new String[] {"--url", "wss://127.0.0.1:9443", "--user=bob", "--config-dir", "/tmp/c", "--theme", "dark"
                },
                Map.of(
                        "ROO_CONSOLE_URL",
                        "wss://other:1",
                        "ROO_CONSOLE_PASSWORD",
                        "pw",
                        "ROO_CONSOLE_FINGERPRINT",
                        "AA"));

        assertThat(o.url()).isEqualTo("wss://127.0.0.1:9443");
        assertThat(o.user()).isEqualTo("bob");
        assertThat(o.password()).isEqualTo("pw");
        assertThat(o.fingerprint()).isEqualTo("AA");
        assertThat(o.configDir()).isEqualTo(Path.of("/tmp/c"));
        assertThat(o.theme()).isEqualTo(Theme.DARK);
        assertThat(o.autoConnect()).isTrue();
    }

    @Test
    void helpIsRecognised() throws Exception {
        assertThat(ConsoleOptions.parse(new String[] {"--help"}, Map.of())).isNull();
        assertThat(ConsoleOptions.HELP)
                .contains("--url")
                .contains("ROO_CONSOLE_PASSWORD")
                .contains("Exit codes");
    }

    @Test
    void versionNeedsNoDisplayAndNamesTheRuntimes() throws Exception {
        Process process = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ConsoleMain.class.getName(),
                        "--version")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        assertThat(out.strip()).matches("roo-console \\d+\\.\\d+\\.\\d+\\S* \\(Java 17\\S*, JavaFX 21\\S*\\)");
        assertThat(ConsoleOptions.HELP).contains("--version");
    }

    @Test
    void aDisplayThatCannotBeReachedIsSaidPlainlyWithExitThree() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ConsoleMain.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("DISPLAY", ":87");
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment()
                .put(
                        "HOME",
                        java.nio.file.Files.createTempDirectory("console-home").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isEqualTo(3);
        assertThat(out).contains("roo-console: cannot open the display ':87'").contains("xvfb-run");
        assertThat(out).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Unsupported JavaFX");
    }

    @Test
    void badCommandLinesNameTheOptionAndTheFix() {
        assertThatThrownBy(() -> ConsoleOptions.parse(new String[] {"--frobnicate"}, Map.of()))
                .hasMessageContaining("unknown option '--frobnicate'")
                .hasMessageContaining("--help");
        assertThatThrownBy(() -> ConsoleOptions.parse(new String[] {"--url"}, Map.of()))
                .hasMessageContaining("--url needs a value");
        assertThatThrownBy(() -> ConsoleOptions.parse(new String[] {"--password", "x"}, Map.of()))
                .hasMessageContaining("ROO_CONSOLE_PASSWORD");
        assertThatThrownBy(() -> ConsoleOptions.parse(new String[] {"--theme", "purple"}, Map.of()))
                .hasMessageContaining("--theme")
                .hasMessageContaining("system, light or dark");
        assertThatThrownBy(() -> ConsoleOptions.parse(new String[] {"--url", "https://x"}, Map.of()))
                .hasMessageContaining("wss://");
    }
}
