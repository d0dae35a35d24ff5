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
        Run run = runConsole(Map.of(), "--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).matches("roo-console \\d+\\.\\d+\\.\\d+\\S* \\(Java 17\\S*, JavaFX 21\\S*\\)");
        assertThat(ConsoleOptions.HELP).contains("--version");
    }

    @Test
    void aDisplayThatCannotBeReachedIsSaidPlainlyWithExitThree() throws Exception {
        Run run = runConsole(Map.of(
                "DISPLAY",
                ":87",
                "HOME",
                java.nio.file.Files.createTempDirectory("console-home").toString()));

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out())
                .contains("roo-console: cannot open the display ':87'")
                .contains("xvfb-run");
        assertThat(run.out())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("Unsupported JavaFX");
    }

    private record Run(int exit, String out) {}

    /** roo-console as its own process, with {@code env} over this one's (and no Wayland display). */
    private static Run runConsole(Map<String, String> env, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                ConsoleMain.class.getName()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out);
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
