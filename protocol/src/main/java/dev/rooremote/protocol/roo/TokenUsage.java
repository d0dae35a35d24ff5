package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Cumulative token usage of a task (Roo's {@code tokenUsageSchema}). */
@JsonPropertyOrder({
    "totalTokensIn",
    "totalTokensOut",
    "totalCacheWrites",
    "totalCacheReads",
    "totalCost",
    "contextTokens"
})
public record TokenUsage(
        @JsonProperty("totalTokensIn") long totalTokensIn,
        @JsonProperty("totalTokensOut") long totalTokensOut,
        @JsonProperty("totalCacheWrites") Long totalCacheWrites,
        @JsonProperty("totalCacheReads") Long totalCacheReads,
        @JsonProperty("totalCost") double totalCost,
        @JsonProperty("contextTokens") long contextTokens,
        @JsonAnySetter Map<String, JsonNode> extra) {

    public TokenUsage {
        extra = Extras.copy(extra);
    }

    public TokenUsage(
            long totalTokensIn,
            long totalTokensOut,
            Long totalCacheWrites,
            Long totalCacheReads,
            double totalCost,
            long contextTokens) {
        this(totalTokensIn, totalTokensOut, totalCacheWrites, totalCacheReads, totalCost, contextTokens, null);
    }

    public static final TokenUsage ZERO = new TokenUsage(0, 0, null, null, 0, 0);

    @JsonAnyGetter
    @Override
    public Map<String, JsonNode> extra() {
        return extra;
    }
}
