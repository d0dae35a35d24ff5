package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A message queued while the task was busy (Roo's {@code queuedMessageSchema}). */
@JsonPropertyOrder({"timestamp", "id", "text", "images"})
public record QueuedMessage(
        @JsonProperty("id") String id,
        @JsonProperty("text") String text,
        @JsonProperty("images") List<String> images,
        @JsonProperty("timestamp") long timestamp,
        @JsonAnySetter Map<String, JsonNode> extra) {

    public QueuedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        images = Extras.copyOrNull(images);
        extra = Extras.copy(extra);
    }

    public QueuedMessage(String id, String text, List<String> images, long timestamp) {
        this(id, text, images, timestamp, null);
    }

    @JsonAnyGetter
    @Override
    public Map<String, JsonNode> extra() {
        return extra;
    }
}
