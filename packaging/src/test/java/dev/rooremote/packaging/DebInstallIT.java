package dev.rooremote.packaging;

import static dev.rooremote.packaging.Commands.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's .deb installed the way the README says ({@code apt-get install ./roo-console_*.deb}),
 * used from the PATH and the menu, and removed again. It changes the machine, so it runs only as root
 * (as {@code .ci/run} does) and only where no roo-console package is installed already.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebInstallIT {

    /** A PATH as a login shell has it, so the test finds what a person typing "roo-console" finds. */
    private static final String LOGIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Map<String, String> APT = Map.of("DEBIAN_FRONTEND", "noninteractive", "PATH", LOGIN_PATH);

    @TempDir
    Path temp;

    private boolean installed;

    @BeforeAll
    void install() throws Exception {
        Path deb = Commands.built(".deb");
        assumeTrue(
                deb != null,
                "no .deb was built: the build makes it where dpkg-deb and fakeroot are (apt-get install fakeroot)");
        assumeTrue(Commands.isRoot(), "not root: the .deb is installed only when the tests run as root (.ci/run does)");
        assumeTrue(Commands.onPath("apt-get"), "apt-get is not on this machine: the .deb is not installed");
        Commands.Result existing =
                Commands.run(Map.of(), null, List.of("dpkg-query", "-W", "-f=${Status}", "roo-console"));
        assumeTrue(
                !existing.output().contains("installed") || existing.output().contains("not-installed"),
                "a roo-console package is installed on this machine already; it is left alone");
        installed = true;
        ok(
                APT,
                "apt-get",
                "install",
                "-y",
                "-q",
                "--no-install-recommends",
                "-o",
                "DPkg::Lock::Timeout=120",
                deb.toAbsolutePath().toString());
    }

    @AfterAll
    void remove() throws Exception {
        if (!installed) {
            return;
        }
        ok(APT, "apt-get", "purge", "-y", "-q", "-o", "DPkg::Lock::Timeout=120", "roo-console");
        assertThat(Files.exists(Path.of("/usr/bin/roo-console"), LinkOption.NOFOLLOW_LINKS))
                .as("/usr/bin/roo-console is gone with the package")
                .isFalse();
        assertThat(Path.of("/opt/roo-console/bin/roo-console")).doesNotExist();
        assertThat(MenuEntry.installed(Path.of("/")))
                .as("the menu entry is gone with the package")
                .isEmpty();
    }

    @Test
    void rooConsoleIsOnThePath() throws Exception {
        String version = ok(Map.of("PATH", LOGIN_PATH, "HOME", temp.toString()), "roo-console", "--version");
        assertThat(version).containsPattern("roo-console \\S+ \\(Java \\d[^,]*, JavaFX \\d");
    }

    @Test
    void theMenuHasRooConsoleWithItsIcon() throws Exception {
        MenuEntry.isRooConsoleWithItsIcon(Path.of("/"));
    }

    /**
     * Starts the installed console on a virtual display (xvfb-run): JavaFX loads its GTK and graphics
     * natives against the libraries the package declared, and the window stays up until it is closed.
     */
    @Test
    void theInstalledConsoleStartsOnAVirtualDisplay() throws Exception {
        VirtualDisplay.consoleStartsAndStaysUp(temp, Map.of("PATH", LOGIN_PATH), "roo-console");
    }
}
