package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/** A slash command as listed by {@code commandsResponse}; {@code source} is global, project or built-in. */
@JsonPropertyOrder({"name", "source", "filePath", "description", "argumentHint"})
public record CommandInfo(
        @JsonProperty("name") String name,
        @JsonProperty("source") String source,
        @JsonProperty("filePath") String filePath,
        @JsonProperty("description") String description,
        @JsonProperty("argumentHint") String argumentHint,
        @JsonAnySetter Map<String, JsonNode> extra) {

    public CommandInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        extra = Extras.copy(extra);
    }

    public CommandInfo(String name, String source, String description) {
        this(name, source, null, description, null, null);
    }

    @JsonAnyGetter
    @Override
    public Map<String, JsonNode> extra() {
        return extra;
    }
}
