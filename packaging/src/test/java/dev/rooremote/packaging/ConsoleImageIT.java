package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(image.resolve("lib/app/roo-console.cfg"))
                .content()
                .contains("app.mainclass=dev.rooremote.console.");
        assertThat(image.resolve("lib/runtime/release")).content().contains("java.desktop");
    }
}
