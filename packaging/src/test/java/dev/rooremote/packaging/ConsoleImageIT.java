package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The console's jpackage image for this OS: a native launcher, the app's jars and a trimmed runtime. */
class ConsoleImageIT {

    private final Path image = Path.of(System.getProperty("console.image"));

    @Test
    void hasALauncherTheAppAndJavaFx() throws IOException {
        assertThat(image.resolve("bin/roo-console")).isExecutable();
        Path app = image.resolve("lib/app");
        try (Stream<Path> jars = Files.list(app)) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("console-app-"))
                    .anyMatch(name -> name.startsWith("relay-client-"))
                    .anyMatch(name -> name.startsWith("javafx-controls-") && name.contains("linux"))
                    .noneMatch(name -> name.startsWith("relay-core-"));
        }
        assertThat(image.resolve("lib/app/roo-console.cfg")).content().contains("app.mainclass=dev.rooremote.console.");
        assertThat(image.resolve("lib/runtime/release")).content().contains("java.desktop");
    }

    @Test
    void theNativeLauncherStartsTheConsoleOnItsOwnRuntime() throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(image.resolve("bin/roo-console").toString(), "--help");
        builder.environment().remove("JAVA_HOME");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Usage: roo-console").contains("--url");
    }
}
