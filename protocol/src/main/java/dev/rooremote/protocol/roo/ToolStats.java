package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** How often a tool was tried and failed in a task; the values of Roo's {@code toolUsageSchema} record. */
public record ToolStats(
        @JsonProperty("attempts") long attempts,
        @JsonProperty("failures") long failures,
        @JsonAnySetter Map<String, JsonNode> extra) {

    public ToolStats {
        extra = Extras.copy(extra);
    }

    public ToolStats(long attempts, long failures) {
        this(attempts, failures, null);
    }

    @JsonAnyGetter
    @Override
    public Map<String, JsonNode> extra() {
        return extra;
    }
}
