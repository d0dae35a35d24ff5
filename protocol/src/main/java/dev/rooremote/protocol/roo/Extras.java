package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies for the unknown-field maps and lists that records keep for lossless re-encoding. */
final class Extras {

    private Extras() {}

    static Map<String, JsonNode> copy(Map<String, JsonNode> extra) {
        if (extra == null || extra.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    static List<JsonNode> copy(List<JsonNode> args) {
        return args == null || args.isEmpty() ? List.of() : List.copyOf(args);
    }

    static <T> List<T> copyOrNull(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    static Map<String, JsonNode> mutable() {
        return new LinkedHashMap<>();
    }
}
