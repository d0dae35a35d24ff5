package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's .rpm installed with rpm ({@code rpm -i}, its scriptlets included), used from the PATH and
 * the menu, started, and removed again ({@code rpm -e}). This machine is Debian, so the package goes into
 * an {@link OverlayRoot}: the machine's own files with the package's changes kept apart, and an rpm
 * database of its own. That database knows none of the libraries dpkg installed, so dependencies are not
 * checked here ({@code --nodeps}; {@link RpmPackageIT} checks what the package requires). Mounting the
 * overlay takes root: the test runs only as root, as {@code .ci/run} does in CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpmInstallIT {

    /** A PATH as a login shell has it, so the test finds what a person typing "roo-console" finds. */
    private static final String LOGIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final String LAUNCHER = "/opt/roo-console/bin/roo-console";

    /**
     * The home of whoever runs roo-console in the root. The launcher (jpackage's) asks rpm which package it
     * came from, and rpm, asked so, opens ~/.rpmdb on Debian.
     */
    private static final String HOME = "/root";

    /** The package's own rpm database in the root, apart from any the machine has. */
    private static final String DB = "/var/lib/roo-remote-test-rpmdb";

    /** Holds the overlay's folders for the whole class. */
    @TempDir
    static Path overlay;

    @TempDir
    Path temp;

    private OverlayRoot root;
    private String installOutput;

    @BeforeAll
    void install() throws Exception {
        Path rpm = Commands.built(".rpm");
        assumeTrue(
                rpm != null,
                "no .rpm was built: the build makes it where /usr/bin/rpmbuild exists (on Debian: apt-get install rpm)");
        assumeTrue(
                Commands.isRoot(),
                "not root: the .rpm is installed (into an overlay root) only when the tests run as root (.ci/run does)");
        assumeTrue(
                Commands.onPath("unshare"), "unshare (util-linux) is not on this machine: the .rpm is not installed");
        assumeTrue(
                !Files.exists(Path.of("/opt/roo-console")),
                "a roo-console is installed on this machine already (/opt/roo-console): it would show through the"
                        + " overlay, so the .rpm is not installed");
        root = new OverlayRoot(overlay);
        assumeTrue(
                root.mounts(),
                "this machine does not let an overlay be mounted in a mount namespace (unshare -m; a container"
                        + " without CAP_SYS_ADMIN?): the .rpm is not installed");
        Commands.Result installed = rpm("-i", "--nodeps", rpm.toAbsolutePath().toString());
        installOutput = installed.output();
        assertThat(installed.exit()).as(installOutput).isZero();
    }

    @AfterAll
    void remove() throws Exception {
        if (installOutput == null) {
            return;
        }
        Commands.Result removed = rpm("-e", "roo-console");
        assertThat(removed.exit()).as(removed.output()).isZero();
        assertThat(removed.output()).as("the %preun scriptlet ran").doesNotContain("scriptlet failed");
        assertThat(Files.exists(root.changed("/usr/bin/roo-console"), LinkOption.NOFOLLOW_LINKS))
                .as("/usr/bin/roo-console is gone with the package")
                .isFalse();
        assertThat(root.changed("/opt/roo-console"))
                .as("nothing is left in /opt/roo-console")
                .doesNotExist();
        assertThat(MenuEntry.installed(root.changes()))
                .as("the menu entry is gone with the package")
                .isEmpty();
        assertThat(rpm("-q", "roo-console").output()).contains("package roo-console is not installed");
        try (Stream<Path> left = Files.walk(root.changes())) {
            assertThat(left.filter(path -> !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                            .map(path -> "/" + root.changes().relativize(path))
                            .filter(path -> !path.startsWith(DB + "/") && !path.startsWith(HOME + "/")))
                    .as("files the package left behind (beside its rpm database and the home of whoever ran it)")
                    .isEmpty();
        }
        assertThat(Path.of("/opt/roo-console"))
                .as("this machine was left as it was")
                .doesNotExist();
        assertThat(MenuEntry.installed(Path.of("/")))
                .as("this machine's menu was left as it was")
                .isEmpty();
    }

    /** The %post scriptlet ran in the root, as on a Fedora or openSUSE system, and did what it is there for. */
    @Test
    void itsScriptletRanAndAddedTheMenuEntry() throws Exception {
        assertThat(installOutput).as("rpm -i's output").doesNotContain("scriptlet failed");
        MenuEntry.isRooConsoleWithItsIcon(root.changes());
        // rpm -V: every installed file is as the package made it.
        Commands.Result verified = rpm("-V", "--nodeps", "roo-console");
        assertThat(verified.exit()).as(verified.output()).isZero();
    }

    @Test
    void rooConsoleIsOnThePathInsideTheRoot() throws Exception {
        Path link = root.changed("/usr/bin/roo-console");
        assertThat(Files.isSymbolicLink(link))
                .as("/usr/bin/roo-console is a link")
                .isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of(LAUNCHER));
        assertThat(root.changed(LAUNCHER)).isExecutable();
        Commands.Result version = root.inside(Map.of("PATH", LOGIN_PATH, "HOME", HOME), "roo-console", "--version");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).containsPattern("roo-console \\S+ \\(Java \\d[^,]*, JavaFX \\d");
    }

    /** The launcher rpm installed, on a virtual display: JavaFX loads its natives and the window stays up. */
    @Test
    void theInstalledConsoleStartsOnAVirtualDisplay() throws Exception {
        VirtualDisplay.consoleStartsAndStaysUp(
                temp, Map.of("PATH", LOGIN_PATH), root.changed(LAUNCHER).toString());
    }

    private Commands.Result rpm(String... args) throws Exception {
        String[] line = new String[args.length + 5];
        line[0] = "rpm";
        line[1] = "--root";
        line[2] = root.mountPoint();
        line[3] = "--dbpath";
        line[4] = DB;
        System.arraycopy(args, 0, line, 5, args.length);
        return root.withRoot(Map.of(), line);
    }
}
