package dev.rooremote.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The "Roo Console" menu entry a package installs, as the install tests of both packages check it. */
final class MenuEntry {

    private static final String NAME = "roo-console-roo-console.desktop";

    private MenuEntry() {}

    /** The roo-console menu entries under {@code root} ("/" for this machine), wherever desktops look for them. */
    static List<Path> installed(Path root) {
        return Stream.of("usr/share/applications", "usr/local/share/applications")
                .map(dir -> root.resolve(dir).resolve(NAME))
                .filter(Files::isRegularFile)
                .toList();
    }

    /**
     * Checks that exactly one entry is installed under {@code root}, named "Roo Console", starting the
     * launcher, with an icon that exists (under {@code root}), and that desktop-file-validate, where it is
     * installed, finds nothing wrong with it.
     */
    static void isRooConsoleWithItsIcon(Path root) throws Exception {
        List<Path> entries = installed(root);
        assertThat(entries).as("the menu entry the package installed").hasSize(1);
        String entry = Files.readString(entries.get(0));
        assertThat(entry).contains("Name=Roo Console\n").contains("Exec=/opt/roo-console/bin/roo-console\n");
        String icon = entry.lines()
                .filter(line -> line.startsWith("Icon="))
                .findFirst()
                .orElseThrow()
                .substring("Icon=".length());
        assertThat(Path.of(icon)).isAbsolute();
        assertThat(root.resolve(icon.substring(1))).isRegularFile();
        if (Commands.onPath("desktop-file-validate")) {
            Commands.Result validated = Commands.run(
                    Map.of(),
                    null,
                    List.of("desktop-file-validate", entries.get(0).toString()));
            assertThat(validated.exit()).as(validated.output()).isZero();
            assertThat(validated.output())
                    .as("desktop-file-validate's warnings")
                    .isBlank();
        }
    }
}
