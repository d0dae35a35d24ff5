package dev.rooremote.packaging;

import static dev.rooremote.packaging.Commands.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /** What JavaFX says (with -Djavafx.verbose) once its GTK 3 window library is loaded. */
    private static final Pattern GLASS_GTK_LOADED = Pattern.compile("Loaded .*libglassgtk3\\.so");

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
        assertThat(menuEntries()).as("the menu entry is gone with the package").isEmpty();
    }

    @Test
    void rooConsoleIsOnThePath() throws Exception {
        String version = ok(Map.of("PATH", LOGIN_PATH, "HOME", temp.toString()), "roo-console", "--version");
        assertThat(version).containsPattern("roo-console \\S+ \\(Java \\d[^,]*, JavaFX \\d");
    }

    @Test
    void theMenuHasRooConsoleWithItsIcon() throws Exception {
        List<Path> entries = menuEntries();
        assertThat(entries).as("the menu entry the package installed").hasSize(1);
        String entry = Files.readString(entries.get(0));
        assertThat(entry).contains("Name=Roo Console\n").contains("Exec=/opt/roo-console/bin/roo-console\n");
        String icon = entry.lines()
                .filter(line -> line.startsWith("Icon="))
                .findFirst()
                .orElseThrow()
                .substring("Icon=".length());
        assertThat(Path.of(icon)).isRegularFile();
    }

    /**
     * Starts the installed console on a virtual display (xvfb-run): JavaFX loads its GTK and graphics
     * natives against the libraries the package declared, and the window stays up until it is closed.
     */
    @Test
    void theInstalledConsoleStartsOnAVirtualDisplay() throws Exception {
        assumeTrue(
                Commands.onPath("xvfb-run"),
                "xvfb-run is not installed (apt-get install xvfb xauth): the installed launcher was only run"
                        + " with --version, without a display");
        ProcessBuilder builder = new ProcessBuilder(
                        "xvfb-run",
                        "-a",
                        "-s",
                        "-screen 0 1280x800x24",
                        "roo-console",
                        "--config-dir",
                        temp.resolve("config").toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("console.log").toFile());
        builder.environment().put("PATH", LOGIN_PATH);
        builder.environment().put("HOME", temp.toString());
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().remove("JAVA_HOME");
        // JavaFX says which natives it loaded and which graphics pipeline it started.
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dprism.verbose=true -Djavafx.verbose=true");
        Process process = builder.start();
        try {
            String log = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (process.isAlive() && !GLASS_GTK_LOADED.matcher(log).find() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                log = Files.readString(temp.resolve("console.log"), StandardCharsets.UTF_8);
            }
            assertThat(log).as("JavaFX started its graphics").contains("Initialized prism pipeline");
            assertThat(log).as("the GTK glass library loaded").containsPattern(GLASS_GTK_LOADED);
            // The window is up: the console keeps running until it is closed (it has not ended 3 s later).
            boolean ended = process.waitFor(3, TimeUnit.SECONDS);
            log = Files.readString(temp.resolve("console.log"), StandardCharsets.UTF_8);
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

    /** The menu entries installed for roo-console, wherever this system keeps them. */
    private static List<Path> menuEntries() {
        return Stream.of("/usr/share/applications", "/usr/local/share/applications")
                .map(dir -> Path.of(dir, "roo-console-roo-console.desktop"))
                .filter(Files::isRegularFile)
                .toList();
    }
}
