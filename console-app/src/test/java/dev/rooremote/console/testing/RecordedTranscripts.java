package dev.rooremote.console.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Roo traffic recorded in {@code shared/roo-transcripts} (next to the repository; or
 * {@code -Droo.transcripts.dir}), reduced to what the console renders: the task's messages as Roo
 * sent them, every created and updated frame in order.
 */
public final class RecordedTranscripts {

    /** One {@code message} event of Roo: a created or updated ClineMessage of a task. */
    public record RooMessage(String taskId, ClineMessage message) {}

    private RecordedTranscripts() {}

    public static Path dir() {
        String property = System.getProperty("roo.transcripts.dir");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("roo-transcripts");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "Roo transcripts not found: put them in ../shared/roo-transcripts or set -Droo.transcripts.dir");
    }

    /** The message events of the recording whose file name starts with {@code prefix} (e.g. "02"). */
    public static List<RooMessage> messages(String prefix) {
        try (var files = Files.list(dir())) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(prefix + "-")
                            && f.getFileName().toString().endsWith(".ndjson"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no recording " + prefix + " in " + dir()));
            List<RooMessage> out = new ArrayList<>();
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line = RooJson.parse(text);
                JsonNode data = line.path("frame").path("data");
                if (!"in".equals(line.path("dir").asText())
                        || !"TaskEvent".equals(data.path("type").asText())
                        || !"message".equals(data.path("data").path("eventName").asText())) {
                    continue;
                }
                JsonNode payload = data.path("data").path("payload").path(0);
                out.add(new RooMessage(
                        payload.path("taskId").asText(), RooJson.convert(payload.path("message"), ClineMessage.class)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
