package dev.rooremote.packaging;

import static dev.rooremote.packaging.Commands.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's .rpm (built on Linux wherever rpmbuild is), read with rpm: it requires every library
 * JavaFX loads, by soname (so each distribution resolves its own package), and installs the launcher,
 * the menu entry with its icon and /usr/bin/roo-console. {@link RpmInstallIT} installs it.
 */
class RpmPackageIT {

    /** What JavaFX's natives load (objdump -p on libglass*, libprism_es2, libjavafx_font_*). */
    private static final String[] JAVAFX_LIBRARIES = {
        "libgtk-3.so.0",
        "libgdk-3.so.0",
        "libglib-2.0.so.0",
        "libgobject-2.0.so.0",
        "libgio-2.0.so.0",
        "libgthread-2.0.so.0",
        "libpango-1.0.so.0",
        "libpangocairo-1.0.so.0",
        "libpangoft2-1.0.so.0",
        "libatk-1.0.so.0",
        "libcairo.so.2",
        "libcairo-gobject.so.2",
        "libgdk_pixbuf-2.0.so.0",
        "libfreetype.so.6",
        "libfontconfig.so.1",
        "libX11.so.6",
        "libXtst.so.6",
        "libXxf86vm.so.1",
        "libGL.so.1"
    };

    private Path rpm;

    @BeforeEach
    void findRpm() throws Exception {
        rpm = Commands.built(".rpm");
        assumeTrue(
                rpm != null,
                "no .rpm was built: the build makes it where /usr/bin/rpmbuild exists (on Debian: apt-get install rpm)");
    }

    /** rpm -K: the header and payload digests match, so the file arrived whole (the package is not signed). */
    @Test
    void itsDigestsCheckOut() throws Exception {
        assertThat(ok(Map.of(), "rpm", "-K", rpm.toString())).isEqualTo(rpm + ": digests OK\n");
    }

    @Test
    void requiresEveryLibraryJavaFxLoadsAndTheMenuTools() throws Exception {
        String requires = ok(Map.of(), "rpm", "-qpR", rpm.toString());
        for (String library : JAVAFX_LIBRARIES) {
            assertThat(requires).contains(library + "()(64bit)");
        }
        assertThat(requires).contains("xdg-utils");
        assertThat(ok(Map.of(), "rpm", "-qp", "--queryformat", "%{NAME} %{VERSION}\n", rpm.toString()))
                .startsWith("roo-console ");
    }

    @Test
    void installsTheLauncherOnThePathAndTheMenuEntry() throws Exception {
        assertThat(ok(Map.of(), "rpm", "-qpl", rpm.toString()))
                .contains("/opt/roo-console/bin/roo-console\n")
                .contains("/opt/roo-console/lib/roo-console-roo-console.desktop\n")
                .contains("/opt/roo-console/lib/roo-console.png\n")
                .contains("/usr/bin/roo-console\n");
        assertThat(ok(Map.of(), "rpm", "-qp", "--queryformat", "[%{FILENAMES} -> %{FILELINKTOS}\\n]", rpm.toString()))
                .contains("/usr/bin/roo-console -> /opt/roo-console/bin/roo-console\n");
        assertThat(ok(Map.of(), "rpm", "-qp", "--scripts", rpm.toString()))
                .contains("xdg-desktop-menu install /opt/roo-console/lib/roo-console-roo-console.desktop")
                .contains("xdg-desktop-menu uninstall /opt/roo-console/lib/roo-console-roo-console.desktop");
    }
}
