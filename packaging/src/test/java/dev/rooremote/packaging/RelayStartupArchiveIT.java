package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * roo-relay's launcher and its class-data archive, with a copy of the distribution: the first {@code serve}
 * that stops normally leaves an archive, the next start maps the relay's classes from it, and a failed
 * start, a help page or a damaged archive neither leaves a wrong archive nor puts a word on the output.
 */
class RelayStartupArchiveIT {

    @TempDir
    Path temp;

    private Path dist;
    private Process relay;
    private int runs;

    @BeforeEach
    void copyDistribution() throws IOException {
        dist = temp.resolve("roo-relay");
        copy(Path.of(System.getProperty("relay.dist")), dist);
    }

    @AfterEach
    void stopRelay() throws Exception {
        if (relay != null && relay.isAlive()) {
            relay.destroy();
            relay.waitFor(120, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFirstServeLeavesAnArchiveThatTheNextStartMapsItsClassesFrom() throws Exception {
        Path data = temp.resolve("data");
        serve(data, Map.of());
        assertThat(archives()).as("no archive while the first relay runs").isEmpty();
        assertThat(stop()).as("a stopped relay exits 0").isZero();
        assertThat(archives()).hasSize(1);
        assertThat(leftovers()).as("no class list or half-made archive left").isEmpty();

        Path classes = temp.resolve("classes.log");
        // JDK_JAVA_OPTIONS, not JAVA_OPTS: the relay's options are part of the archive's name.
        String log = serve(data, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + classes));
        assertThat(stop()).isZero();
        assertThat(Files.readString(classes))
                .contains("dev.rooremote.relay.cli.RelayMain source: shared objects file")
                .contains("org.eclipse.jetty.server.Server source: shared objects file")
                // picocli is compiled for Java 5: only a static archive holds its classes
                .contains("picocli.CommandLine source: shared objects file")
                // and a start on an existing data folder loads nothing it does not use: no migrations to
                // run, no passkey to check, no JMX for Jetty
                .doesNotContain("org.flywaydb.core.Flyway ")
                .doesNotContain("com.webauthn4j.WebAuthnManager ")
                .doesNotContain("javax.management.MBeanServer ");
        assertThat(log)
                .contains("is serving 1 session")
                .doesNotContain("[cds")
                .doesNotContainIgnoringCase("shared archive");
        assertThat(archives()).hasSize(1);
    }

    @Test
    void aFailedStartOrAHelpPageLeavesNoArchive() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Commands.Result failed = Commands.run(
                    Map.of(),
                    null,
                    List.of(
                            launcher(),
                            "serve",
                            "--data-dir",
                            temp.resolve("data").toString(),
                            "--bind",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(taken.getLocalPort()),
                            "--demo",
                            "1"));
            assertThat(failed.exit()).as(failed.output()).isNotZero();
        }
        Commands.Result help = Commands.run(Map.of(), null, List.of(launcher(), "serve", "--help"));
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("--data-dir");

        assertThat(archives()).isEmpty();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aDamagedArchiveIsSkippedWithoutAWord() throws Exception {
        Path data = temp.resolve("data");
        serve(data, Map.of());
        assertThat(stop()).isZero();
        Path archive = archives().get(0);
        archive.toFile().setWritable(true);
        Files.write(archive, new byte[] {1, 2, 3, 4});

        String log = serve(data, Map.of());
        assertThat(stop()).isZero();
        assertThat(log)
                .contains("is serving 1 session")
                .doesNotContain("[cds")
                .doesNotContainIgnoringCase("shared archive");
    }

    @Test
    void withArchivesOffTheRelayRunsWithoutMakingOne() throws Exception {
        serve(temp.resolve("data"), Map.of("ROO_RELAY_CDS", "off"));
        assertThat(stop()).isZero();
        assertThat(archives()).isEmpty();
        assertThat(leftovers()).isEmpty();
    }

    /** Starts {@code serve} with one demo session through the launcher, waits for its port; returns its log so far. */
    private String serve(Path data, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = temp.resolve("relay-" + ++runs + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        launcher(),
                        "serve",
                        "--data-dir",
                        data.toString(),
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--demo",
                        "1")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(new HashMap<>(env));
        relay = builder.start();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .failFast(() -> assertThat(relay.isAlive())
                        .as("the relay stopped: " + Files.readString(log))
                        .isTrue())
                .ignoreExceptionsInstanceOf(IOException.class)
                .alias("the relay opens port " + port + " (its log: " + log + ")")
                .until(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        return true;
                    }
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("is serving"));
        return Files.readString(log);
    }

    /** Stops the relay as systemd or Ctrl+C would (SIGTERM to the launcher) and returns its exit status. */
    private int stop() throws Exception {
        relay.destroy();
        assertThat(relay.waitFor(180, TimeUnit.SECONDS))
                .as("the launcher exits")
                .isTrue();
        return relay.exitValue();
    }

    private String launcher() {
        return dist.resolve("bin/roo-relay").toString();
    }

    private List<Path> archives() throws IOException {
        return lib(name -> name.startsWith("roo-relay-") && name.endsWith(".jsa"));
    }

    private List<Path> leftovers() throws IOException {
        return lib(name -> !name.endsWith(".jar") && !name.endsWith(".jsa"));
    }

    private List<Path> lib(java.util.function.Predicate<String> name) throws IOException {
        try (Stream<Path> files = Files.list(dist.resolve("lib"))) {
            return files.filter(f -> name.test(f.getFileName().toString())).toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().endsWith(".jsa")) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
