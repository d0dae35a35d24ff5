package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/** A mode as listed by {@code modesResponse}: {@code slug} for commands, {@code name} for people. */
public record ModeInfo(
        @JsonProperty("slug") String slug,
        @JsonProperty("name") String name,
        @JsonAnySetter Map<String, JsonNode> extra) {

    public ModeInfo {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(name, "name");
        extra = Extras.copy(extra);
    }

    public ModeInfo(String slug, String name) {
        this(slug, name, null);
    }

    @JsonAnyGetter
    @Override
    public Map<String, JsonNode> extra() {
        return extra;
    }
}
