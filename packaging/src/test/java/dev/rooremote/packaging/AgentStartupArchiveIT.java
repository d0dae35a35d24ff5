package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * roo-agent's launcher and its class-data archive, with a copy of the distribution and a real relay: the
 * first command that talks to the relay leaves an archive, later commands start from it, and a stale or
 * damaged archive neither breaks a command nor puts a word on its output.
 */
class AgentStartupArchiveIT {

    private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}");

    @TempDir
    Path temp;

    private Path dist;
    private Process relay;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void startRelay() throws Exception {
        dist = temp.resolve("roo-relay");
        copy(Path.of(System.getProperty("relay.dist")), dist);
        Path data = temp.resolve("data");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder serve = new ProcessBuilder(
                        dist.resolve("bin/roo-relay").toString(),
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
                .redirectOutput(temp.resolve("relay.log").toFile());
        // The relay's own archive is RelayStartupArchiveIT's subject: none is made here.
        serve.environment().put("ROO_RELAY_CDS", "off");
        relay = serve.start();
        awaitPort(port);
        String token = lastLine(Commands.ok(
                Map.of(),
                dist.resolve("bin/roo-relay").toString(),
                "token",
                "create",
                "it",
                "--sessions",
                "demo-1",
                "--data-dir",
                data.toString()));
        Matcher fingerprint = FINGERPRINT.matcher(Commands.ok(
                Map.of(), dist.resolve("bin/roo-relay").toString(), "fingerprint", "--data-dir", data.toString()));
        assertThat(fingerprint.find()).isTrue();
        env.put("ROO_RELAY_URL", "wss://127.0.0.1:" + port);
        env.put("ROO_RELAY_TOKEN", token);
        env.put("ROO_RELAY_FINGERPRINT", fingerprint.group());
        env.put("ROO_AGENT_CONFIG", temp.resolve("agent.json").toString());
        env.put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    }

    @AfterEach
    void stopRelay() throws Exception {
        if (relay != null) {
            relay.destroy();
            relay.waitFor();
        }
    }

    @Test
    void theFirstCommandLeavesAnArchiveThatTheNextStartsFrom() throws Exception {
        assertThat(archives()).isEmpty();
        assertThat(sessions()).isEqualTo(sessionsWithoutArchive());
        assertThat(archives()).hasSize(1);

        Path classes = temp.resolve("classes.log");
        Map<String, String> logged = new HashMap<>(env);
        logged.put("JAVA_OPTS", "-Xlog:class+load:file=" + classes);
        Commands.Result result = Commands.run(logged, null, List.of(agent(), "sessions"));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(Files.readString(classes))
                .contains("dev.rooremote.agent.RooAgent source: shared objects file")
                // picocli is compiled for Java 5: only a static archive holds its classes
                .contains("picocli.CommandLine source: shared objects file");
    }

    @Test
    void aStaleOrDamagedArchiveIsSkippedWithoutAWord() throws Exception {
        String expected = sessionsWithoutArchive();
        sessions();
        Path first = archives().get(0);

        // The jar changes (an update): the old archive no longer fits; the command still works and replaces it.
        Files.setLastModifiedTime(
                dist.resolve("lib/roo-agent.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(sessions()).isEqualTo(expected);
        assertThat(archives()).hasSize(1).doesNotContain(first);

        // The archive is damaged: the JVM skips it and says nothing.
        Path current = archives().get(0);
        current.toFile().setWritable(true);
        Files.write(current, new byte[] {1, 2, 3, 4});
        assertThat(sessions()).isEqualTo(expected);
    }

    @Test
    void aCopyWhoseLibIsReadOnlyKeepsItsArchiveInTheUsersCache() throws Exception {
        assumeFalse(Commands.isRoot(), "root may write to a read-only folder");
        dist.resolve("lib").toFile().setWritable(false);
        try {
            String expected = sessionsWithoutArchive();
            assertThat(sessions()).isEqualTo(expected);
            assertThat(sessions()).isEqualTo(expected);
            try (Stream<Path> cached = Files.list(temp.resolve("cache/roo-remote"))) {
                assertThat(cached.map(p -> p.getFileName().toString()))
                        .singleElement()
                        .asString()
                        .startsWith("roo-agent-")
                        .endsWith(".jsa");
            }
        } finally {
            dist.resolve("lib").toFile().setWritable(true);
        }
    }

    /** roo-agent sessions through the launcher: exit 0, and everything it printed (errors included). */
    private String sessions() throws Exception {
        Commands.Result result = Commands.run(env, null, List.of(agent(), "sessions"));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("demo-1");
        return result.output();
    }

    private String sessionsWithoutArchive() throws Exception {
        Map<String, String> off = new HashMap<>(env);
        off.put("ROO_AGENT_CDS", "off");
        Commands.Result result = Commands.run(off, null, List.of(agent(), "sessions"));
        assertThat(result.exit()).as(result.output()).isZero();
        return result.output();
    }

    private String agent() {
        return dist.resolve("bin/roo-agent").toString();
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(dist.resolve("lib"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("roo-agent-"))
                    .filter(f -> f.getFileName().toString().endsWith(".jsa"))
                    .toList();
        }
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private void awaitPort(int port) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .failFast(() -> assertThat(relay.isAlive())
                        .as("the relay stopped: " + Files.readString(temp.resolve("relay.log")))
                        .isTrue())
                .ignoreExceptionsInstanceOf(IOException.class)
                .alias("the relay opens port " + port + " (its log: " + temp.resolve("relay.log") + ")")
                .until(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        return true;
                    }
                });
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
