package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Debian package ({@code -Dinstaller} on Linux), read with dpkg-deb: what it declares,
 * that its launcher runs once unpacked, and that its scripts install and remove even where there is no
 * desktop menu (a server, a container).
 */
class DebPackageIT {

    @TempDir
    Path temp;

    private Path deb() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("console.packages")))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".deb"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb was built"));
        }
    }

    @Test
    void declaresTheConsoleWithAMaintainerAndAMenuEntry() throws Exception {
        String control = run(Map.of(), "dpkg-deb", "--field", deb().toString());
        assertThat(control)
                .contains("Package: roo-console")
                .containsPattern("Maintainer: .*<[^@> ]+@[^> ]+>")
                .contains("Section: devel")
                .containsPattern("Depends: .*xdg-utils");
        assertThat(run(Map.of(), "dpkg-deb", "--contents", deb().toString()))
                .contains("./opt/roo-console/bin/roo-console")
                .contains("./opt/roo-console/lib/roo-console-roo-console.desktop")
                .containsPattern("\\./opt/roo-console/lib/app/console-app-[^ ]+\\.jar");
    }

    @Test
    void theUnpackedLauncherRunsOnItsOwnRuntime() throws Exception {
        Path root = temp.resolve("root");
        run(Map.of(), "dpkg-deb", "--extract", deb().toString(), root.toString());
        String help =
                run(Map.of(), root.resolve("opt/roo-console/bin/roo-console").toString(), "--help");
        assertThat(help).contains("Usage: roo-console");
    }

    @Test
    void installAndRemoveScriptsSucceedWithoutADesktopMenu() throws Exception {
        Path control = temp.resolve("control");
        run(Map.of(), "dpkg-deb", "--control", deb().toString(), control.toString());
        // xdg-desktop-menu as it behaves on a system with no menu directories.
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path xdg = bin.resolve("xdg-desktop-menu");
        Files.writeString(
                xdg, "#!/bin/sh\necho 'xdg-desktop-menu: No writable system menu directory found.' >&2\nexit 3\n");
        Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));

        String installed = run(env, "sh", control.resolve("postinst").toString(), "configure");
        assertThat(installed).contains("/opt/roo-console/bin/roo-console");
        run(env, "sh", control.resolve("prerm").toString(), "remove");
    }

    /** Runs a command, fails the test unless it exits 0, and returns its output. */
    private static String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().remove("JAVA_HOME");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }
}
