package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The recorded Roo 3.52.1 traffic in {@code shared/roo-transcripts} (outside the repository, next to it).
 * Located from the system property {@code roo.transcripts.dir} (set by surefire), else by looking for a
 * {@code shared/roo-transcripts} folder next to the repository root or one of its parents.
 */
final class RooTranscripts {

    /** One {@code in} or {@code out} line of a transcript. */
    record Line(String file, int seq, String dir, Integer chunk, String raw) {}

    private RooTranscripts() {}

    static Path dir() {
        List<Path> tried = new ArrayList<>();
        String property = System.getProperty("roo.transcripts.dir");
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            tried.add(p);
        }
        String root = System.getProperty("roo.repo.root", System.getProperty("user.dir"));
        for (Path p = Path.of(root).toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("roo-transcripts");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new IllegalStateException("Roo transcripts not found. They live in ../shared/roo-transcripts relative to"
                + " the repository root; set -Droo.transcripts.dir=/path/to/roo-transcripts. Tried: " + tried);
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(dir())) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".ndjson"))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no *.ndjson files in " + dir());
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frames of one file, in order; {@code dir} filters "in" or "out" (null for both). */
    static List<Line> frames(Path file, String dir) {
        List<Line> out = new ArrayList<>();
        try {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line = RooJson.parse(text);
                String d = line.path("dir").asText();
                if (!line.hasNonNull("raw") || !(d.equals("in") || d.equals("out"))) {
                    continue;
                }
                if (dir != null && !dir.equals(d)) {
                    continue;
                }
                out.add(new Line(
                        file.getFileName().toString(),
                        line.path("seq").asInt(),
                        d,
                        line.hasNonNull("chunk") ? line.get("chunk").asInt() : null,
                        line.get("raw").textValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<Line> allFrames() {
        List<Line> out = new ArrayList<>();
        files().forEach(f -> out.addAll(frames(f, null)));
        return out;
    }

    /** The frames of a file in one direction concatenated as they were on the wire, each with its delimiter. */
    static byte[] stream(Path file, String dir) {
        StringBuilder sb = new StringBuilder();
        for (Line l : frames(file, dir)) {
            sb.append(l.raw()).append('\f');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
