package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay's distribution as an operator unpacks it: launchers that run, a unit and its settings. */
class RelayDistributionIT {

    private final Path dist = Path.of(System.getProperty("relay.dist"));

    @Test
    void containsLaunchersJarsAndServiceFiles() {
        assertThat(dist.resolve("bin/roo-relay")).isExecutable();
        assertThat(dist.resolve("bin/roo-agent")).isExecutable();
        assertThat(dist.resolve("lib/roo-relay.jar")).isRegularFile();
        assertThat(dist.resolve("lib/roo-agent.jar")).isRegularFile();
        assertThat(dist.resolve("systemd/roo-relay.service"))
                .content()
                .contains("EnvironmentFile=/opt/roo-relay/config/roo-relay.env")
                .contains("ExecStart=/opt/roo-relay/bin/roo-relay serve");
        assertThat(dist.resolve("config/roo-relay.env")).content().contains("ROO_RELAY_DATA_DIR=");
        assertThat(dist.getParent().resolveSibling(dist.getFileName() + ".tar.gz"))
                .isRegularFile();
    }

    @Test
    void launchersRunTheirCommands() throws Exception {
        Result relay = run(List.of(dist.resolve("bin/roo-relay").toString(), "--help"));
        assertThat(relay.exit).as(relay.output).isZero();
        assertThat(relay.output)
                .contains("serve")
                .contains("user")
                .contains("token")
                .contains("fingerprint");

        Result agent = run(List.of(dist.resolve("bin/roo-agent").toString(), "--help"));
        assertThat(agent.exit).as(agent.output).isZero();
        assertThat(agent.output).contains("run").contains("sessions").contains("transcript");
    }

    @Test
    void anOperatorCanCreateAUserWithTheLauncher(@TempDir Path data) throws Exception {
        Result added = run(
                List.of(
                        dist.resolve("bin/roo-relay").toString(),
                        "user",
                        "add",
                        "ops",
                        "--role",
                        "admin",
                        "--password-stdin",
                        "--data-dir",
                        data.toString()),
                "a long enough password\n");
        assertThat(added.exit).as(added.output).isZero();

        Result listed =
                run(List.of(dist.resolve("bin/roo-relay").toString(), "user", "list", "--data-dir", data.toString()));
        assertThat(listed.exit).as(listed.output).isZero();
        assertThat(listed.output).contains("ops").contains("admin");
    }

    @Test
    void aMissingJavaIsExplained() throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(dist.resolve("bin/roo-relay").toString(), "--help");
        builder.environment().put("JAVA_HOME", "/nonexistent-java");
        Result result = run(builder, null);
        assertThat(result.exit).isEqualTo(1);
        assertThat(result.output).contains("no Java runtime found").contains("JAVA_HOME");
        assertThat(Files.getPosixFilePermissions(dist.resolve("bin/roo-relay")))
                .contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    private static Result run(List<String> command, String input) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().remove("JAVA_HOME");
        return run(builder, input);
    }

    private static Result run(ProcessBuilder builder, String input) throws IOException, InterruptedException {
        builder.redirectErrorStream(true);
        Process process = builder.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("command did not finish: " + builder.command() + "\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
