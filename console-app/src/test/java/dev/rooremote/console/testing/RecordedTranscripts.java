package dev.rooremote.console.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.data.RooRecordings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Roo traffic ({@link RooRecordings}) reduced to what the console renders: the task's messages
 * as Roo sent them, every created and updated frame in order.
 */
public final class RecordedTranscripts {

    /** One {@code message} event of Roo: a created or updated ClineMessage of a task. */
    public record RooMessage(String taskId, ClineMessage message) {}

    private RecordedTranscripts() {}

    /** The message events of the recording whose file name starts with {@code prefix} (e.g. "02"). */
    public static List<RooMessage> messages(String prefix) {
        Path file = RooRecordings.file(prefix);
        List<RooMessage> out = new ArrayList<>();
        for (String text : RooRecordings.lines(file)) {
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
    }
}
