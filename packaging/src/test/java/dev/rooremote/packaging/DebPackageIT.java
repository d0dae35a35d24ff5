package dev.rooremote.packaging;

import static dev.rooremote.packaging.Commands.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Debian package (built on Linux wherever dpkg-deb and fakeroot are), read with dpkg-deb: what it
 * declares, its menu entry, that its launcher runs once unpacked, and that its scripts put roo-console
 * on the PATH and add the menu entry even where there is no desktop menu yet (a server, a container).
 */
class DebPackageIT {

    /** What JavaFX's natives load (objdump -p on libglass*, libprism_es2, libjavafx_font_*), as packages. */
    static final String[] JAVAFX_PACKAGES = {
        "libgtk-3-0", "libglib2.0-0", "libpango-1.0-0", "libpangocairo-1.0-0", "libpangoft2-1.0-0",
        "libatk1.0-0", "libcairo2", "libcairo-gobject2", "libgdk-pixbuf-2.0-0", "libfreetype6",
        "libfontconfig1", "libx11-6", "libxtst6", "libxxf86vm1", "libgl1"
    };

    @TempDir
    Path temp;

    private Path deb;

    @BeforeEach
    void findDeb() throws Exception {
        deb = Commands.built(".deb");
        assumeTrue(
                deb != null,
                "no .deb was built: the build makes it where dpkg-deb and fakeroot are (apt-get install fakeroot)");
    }

    @Test
    void declaresTheConsoleEveryLibraryJavaFxNeedsAndAMaintainer() throws Exception {
        String control = ok(Map.of(), "dpkg-deb", "--field", deb.toString());
        assertThat(control)
                .contains("Package: roo-console")
                .containsPattern("Maintainer: .*<[^@> ]+@[^> ]+>")
                .contains("Section: devel")
                .containsPattern("Depends: .*xdg-utils");
        String depends = control.lines()
                .filter(line -> line.startsWith("Depends:"))
                .findFirst()
                .orElseThrow();
        for (String library : JAVAFX_PACKAGES) {
            assertThat(depends).containsPattern("[ ,]" + library.replace(".", "\\.") + "(,|$| )");
        }
        assertThat(ok(Map.of(), "dpkg-deb", "--contents", deb.toString()))
                .contains("./opt/roo-console/bin/roo-console")
                .contains("./opt/roo-console/lib/roo-console-roo-console.desktop")
                .contains("./opt/roo-console/lib/roo-console.png")
                .containsPattern("\\./opt/roo-console/lib/app/console-app-[^ ]+\\.jar");
    }

    @Test
    void itsMenuEntryIsRooConsoleWithAnIconAndTheLauncher() throws Exception {
        Path root = temp.resolve("root");
        ok(Map.of(), "dpkg-deb", "--extract", deb.toString(), root.toString());
        String entry = Files.readString(root.resolve("opt/roo-console/lib/roo-console-roo-console.desktop"));
        assertThat(entry)
                .contains("Name=Roo Console\n")
                .contains("Exec=/opt/roo-console/bin/roo-console\n")
                .contains("Icon=/opt/roo-console/lib/roo-console.png\n")
                .contains("Categories=Development");
        assertThat(root.resolve("opt/roo-console/lib/roo-console.png"))
                .isRegularFile()
                .satisfies(icon -> assertThat(Files.readAllBytes(icon)).startsWith(0x89, 'P', 'N', 'G'));
    }

    @Test
    void theUnpackedLauncherRunsOnItsOwnRuntime() throws Exception {
        Path root = temp.resolve("root");
        ok(Map.of(), "dpkg-deb", "--extract", deb.toString(), root.toString());
        String help =
                ok(Map.of(), root.resolve("opt/roo-console/bin/roo-console").toString(), "--help");
        assertThat(help).contains("Usage: roo-console");
    }

    @Test
    void installScriptsLinkTheLauncherOnThePathAndWorkWithoutADesktopMenu() throws Exception {
        Path control = temp.resolve("control");
        ok(Map.of(), "dpkg-deb", "--control", deb.toString(), control.toString());
        // xdg-desktop-menu as it behaves on a system with no menu directories.
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path xdg = bin.resolve("xdg-desktop-menu");
        Files.writeString(
                xdg, "#!/bin/sh\necho 'xdg-desktop-menu: No writable system menu directory found.' >&2\nexit 3\n");
        Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwxr-xr-x"));
        // dpkg runs maintainer scripts with DPKG_ROOT set to the root it installs into.
        Path root = temp.resolve("root");
        ok(Map.of(), "dpkg-deb", "--extract", deb.toString(), root.toString());
        Files.createDirectories(root.resolve("usr/bin"));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "DPKG_ROOT", root.toString());

        String installed = ok(env, "sh", control.resolve("postinst").toString(), "configure");
        assertThat(installed).contains("Start it with roo-console");
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/roo-console")))
                .isEqualTo(Path.of("/opt/roo-console/bin/roo-console"));
        assertThat(root.resolve("usr/share/applications/roo-console-roo-console.desktop"))
                .content()
                .contains("Name=Roo Console");

        ok(env, "sh", control.resolve("prerm").toString(), "remove");
        assertThat(root.resolve("usr/share/applications/roo-console-roo-console.desktop"))
                .doesNotExist();
        assertThat(Files.exists(root.resolve("usr/bin/roo-console"), LinkOption.NOFOLLOW_LINKS))
                .as("the link is gone")
                .isFalse();
    }
}
