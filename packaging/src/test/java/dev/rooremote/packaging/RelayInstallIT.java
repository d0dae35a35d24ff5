package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay distribution's README install steps, as an operator follows them on a clean Debian, and the
 * service they install: it serves no demo session and listens on loopback until configured otherwise.
 */
class RelayInstallIT {

    private static final String USER = "roo-relay";

    private final Path dist = Path.of(System.getProperty("relay.dist"));

    @Test
    void theServiceServesNoDemoAndListensOnLoopbackByDefault() throws Exception {
        String unit = Files.readString(dist.resolve("systemd/roo-relay.service"));
        String env = Files.readString(dist.resolve("config/roo-relay.env"));
        assertThat(unit).doesNotContain("--demo").contains("--bind ${ROO_RELAY_BIND}");
        assertThat(env).doesNotContain("--demo");
        List<String> settings = env.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .toList();
        assertThat(settings)
                .contains("ROO_RELAY_BIND=127.0.0.1", "ROO_RELAY_SESSIONS=")
                .filteredOn(line -> line.startsWith("ROO_RELAY_BIND="))
                .hasSize(1);
    }

    @Test
    void theStepsCreateTheDataDirForTheServiceUserBeforeItsFirstUse() throws Exception {
        List<String> steps = steps();
        int addUser = indexOf(steps, "useradd ");
        int dataDir = indexOf(steps, "install -d -o " + USER + " -g " + USER + " -m 0700 /var/lib/roo-relay");
        int firstUse = indexOf(steps, "roo-relay user add ");
        assertThat(addUser).isNotNegative().isLessThan(dataDir);
        assertThat(dataDir).isLessThan(firstUse);
        assertThat(steps.get(firstUse)).startsWith("sudo -u " + USER + " ");
    }

    /**
     * Runs the README's steps as written, as root, in a temporary root instead of /opt, /var/lib and
     * /etc/systemd (the user is real, and removed again); the systemctl step is left out, as there is
     * no systemd to start the service in a test.
     */
    @Test
    void theStepsRunAsWrittenUpToSystemd(@TempDir Path temp) throws Exception {
        assumeTrue(Commands.isRoot(), "not root: the install steps (useradd, chown) run only as root (.ci/run does)");
        assumeTrue(
                Commands.onPath("useradd") && Commands.onPath("runuser"), "useradd or runuser is not on this machine");
        assumeTrue(
                Commands.run(Map.of(), null, List.of("id", USER)).exit() != 0,
                "a " + USER + " user exists on this machine already; it is left alone");
        // The service user must reach the temporary root (JUnit makes its folder 0700).
        Path root = Files.createDirectories(temp.resolve("root"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve("opt"));
        Files.createDirectories(root.resolve("var/lib"));
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Path tarball = dist.getParent().resolveSibling(dist.getFileName() + ".tar.gz");
        String version = dist.getFileName().toString().substring("roo-relay-".length());
        try {
            for (String step : steps()) {
                if (step.contains("systemctl")) {
                    continue;
                }
                String command = step.replace("roo-relay-VERSION", "roo-relay-" + version)
                        .replace("-xzf roo-relay-" + version + ".tar.gz", "-xzf " + tarball)
                        .replace("/opt", root + "/opt")
                        .replace("/var/lib", root + "/var/lib")
                        .replace("/etc/systemd", root + "/etc/systemd")
                        .replace("sudo -u " + USER + " ", "runuser -u " + USER + " -- ")
                        .replace("sudo ", "");
                String input = step.contains("--password-stdin") ? "a long enough password\n" : null;
                Commands.Result result = Commands.run(Map.of(), input, List.of("sh", "-c", command));
                assertThat(result.exit()).as(command + "\n" + result.output()).isZero();
            }
            Path data = root.resolve("var/lib/roo-relay");
            assertThat(Files.getOwner(data).getName()).isEqualTo(USER);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                    .isEqualTo("rwx------");
            try (var files = Files.list(data)) {
                assertThat(files.toList()).isNotEmpty().allSatisfy(file -> assertThat(
                                Files.getOwner(file).getName())
                        .as(file.toString())
                        .isEqualTo(USER));
            }
            assertThat(root.resolve("etc/systemd/system/roo-relay.service")).isRegularFile();
            String users = ok(
                    root,
                    "runuser",
                    "-u",
                    USER,
                    "--",
                    root + "/opt/roo-relay/bin/roo-relay",
                    "user",
                    "list",
                    "--data-dir",
                    data.toString());
            assertThat(users).contains("admin");

            // A data dir nobody made for the service user: the error says how to make it.
            Commands.Result refused = Commands.run(
                    Map.of(),
                    "a long enough password\n",
                    List.of(
                            "runuser",
                            "-u",
                            USER,
                            "--",
                            root + "/opt/roo-relay/bin/roo-relay",
                            "user",
                            "add",
                            "ops",
                            "--role",
                            "admin",
                            "--password-stdin",
                            "--data-dir",
                            root + "/var/lib/elsewhere"));
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.output())
                    .contains("sudo install -d -o roo-relay -g roo-relay -m 0700 " + root + "/var/lib/elsewhere")
                    .doesNotContain("Exception");
        } finally {
            Commands.run(Map.of(), null, List.of("userdel", USER));
            Commands.run(Map.of(), null, List.of("groupdel", USER));
        }
    }

    private static String ok(Path root, String... command) throws Exception {
        Commands.Result result = Commands.run(Map.of(), null, List.of(command));
        assertThat(result.exit())
                .as(String.join(" ", command) + "\n" + result.output())
                .isZero();
        return result.output();
    }

    /** The commands of the README's "Install as a service" block, one a line. */
    private List<String> steps() throws Exception {
        String readme = Files.readString(dist.resolve("README.md"));
        int section = readme.indexOf("## Install as a service");
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        int end = readme.indexOf("```", start);
        List<String> steps =
                new ArrayList<>(readme.substring(start, end).lines().toList());
        steps.removeIf(String::isBlank);
        return steps;
    }

    private static int indexOf(List<String> steps, String part) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
