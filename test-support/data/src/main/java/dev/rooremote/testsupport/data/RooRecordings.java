package dev.rooremote.testsupport.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The recorded traffic of the real Roo Code 3.52.1 extension, kept in this module's resources (see the
 * README beside the recordings): the one place every module's tests read it from. The folder is handed
 * out as a {@link Path}, inside this module's jar when the tests see it as one, so it reads the same
 * way with {@link Files} wherever the build put it.
 */
public final class RooRecordings {

    private static final String FOLDER = "roo-transcripts";

    private RooRecordings() {}

    /** The folder holding the {@code *.ndjson} recordings, their {@code summaries/} and README. */
    public static Path dir() {
        URL url = RooRecordings.class.getResource(FOLDER);
        if (url == null) {
            throw new IllegalStateException("the recordings folder " + FOLDER + " is missing from the classpath beside "
                    + RooRecordings.class.getName() + "; rebuild test-support/data");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    // opened by an earlier call: Path.of finds it
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the recordings at " + url, e);
        }
    }

    /** Every recording ({@code *.ndjson}), in the order of their numbers. */
    public static List<Path> files() {
        try (Stream<Path> s = Files.list(dir())) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".ndjson"))
                    .sorted((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no *.ndjson recordings in " + dir());
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recording whose file name is {@code name}, or starts with {@code name + "-"} (e.g. "02"). */
    public static Path file(String name) {
        return files().stream()
                .filter(f -> {
                    String n = f.getFileName().toString();
                    return n.equals(name) || n.startsWith(name + "-");
                })
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no recording named " + name + " in " + dir()));
    }

    /** The lines of a recording, as stored (one JSON object each; blank lines dropped). */
    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
