package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Starts an installed console on a virtual display (xvfb-run), as the install tests of both packages do. */
final class VirtualDisplay {

    /** What JavaFX says (with -Djavafx.verbose) once its GTK 3 window library is loaded. */
    private static final Pattern GLASS_GTK_LOADED = Pattern.compile("Loaded .*libglassgtk3\\.so");

    private VirtualDisplay() {}

    /**
     * Starts {@code launcher} (with {@code --config-dir} in {@code temp}) on a virtual display and checks that
     * JavaFX loads its GTK and graphics natives against the machine's libraries, and that the window stays
     * up until it is closed; then closes it.
     *
     * @param env put over the launcher's environment (e.g. PATH), beside HOME set to {@code temp}
     */
    static void consoleStartsAndStaysUp(Path temp, Map<String, String> env, String launcher) throws Exception {
        assumeTrue(
                Commands.onPath("xvfb-run"),
                "xvfb-run is not installed (apt-get install xvfb xauth): the installed launcher was only run"
                        + " with --version, without a display");
        Path logFile = temp.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(
                        "xvfb-run",
                        "-a",
                        "-s",
                        "-screen 0 1280x800x24",
                        launcher,
                        "--config-dir",
                        temp.resolve("config").toString())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("HOME", temp.toString());
        builder.environment().putAll(env);
        // JavaFX says which natives it loaded and which graphics pipeline it started.
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dprism.verbose=true -Djavafx.verbose=true");
        Process process = builder.start();
        try {
            // until the graphics are up or the launcher ended; the checks below say which, with the log
            String log = org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(90))
                    .pollInterval(java.time.Duration.ofMillis(250))
                    .until(
                            () -> Files.readString(logFile, StandardCharsets.UTF_8),
                            text -> !process.isAlive()
                                    || GLASS_GTK_LOADED.matcher(text).find());
            assertThat(log).as("JavaFX started its graphics").contains("Initialized prism pipeline");
            assertThat(log).as("the GTK glass library loaded").containsPattern(GLASS_GTK_LOADED);
            // The window is up: the console keeps running until it is closed (it has not ended 3 s later).
            boolean ended = process.waitFor(3, TimeUnit.SECONDS);
            log = Files.readString(logFile, StandardCharsets.UTF_8);
            assertThat(ended).as(log).isFalse();
            assertThat(log).doesNotContain("Exception in").doesNotContain("Caused by");
        } finally {
            try (Stream<ProcessHandle> children = process.descendants()) {
                children.forEach(ProcessHandle::destroy);
            }
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
