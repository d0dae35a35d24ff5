package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.testsupport.data.RooRecordings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The frames of the recorded Roo 3.52.1 traffic ({@link RooRecordings}), as the decoder tests read them. */
final class RooTranscripts {

    /** One {@code in} or {@code out} line of a transcript. */
    record Line(String file, int seq, String dir, Integer chunk, String raw) {}

    private RooTranscripts() {}

    static List<Path> files() {
        return RooRecordings.files();
    }

    /** The frames of one file, in order; {@code dir} filters "in" or "out" (null for both). */
    static List<Line> frames(Path file, String dir) {
        List<Line> out = new ArrayList<>();
        for (String text : RooRecordings.lines(file)) {
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
