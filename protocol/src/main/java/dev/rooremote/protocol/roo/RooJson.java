package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one configured {@link ObjectMapper} for Roo's IPC JSON.
 *
 * <p>Reading tolerates unknown properties (Roo and its forks add fields); writing omits nulls, because
 * Roo's zod schemas use {@code .optional()}, which accepts an absent key but rejects {@code null}.
 */
public final class RooJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private RooJson() {}

    /** The shared mapper. Do not reconfigure it; use {@link ObjectMapper#copy()} for variants. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JsonNodeFactory nodes() {
        return MAPPER.getNodeFactory();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text into a tree; throws {@link IllegalArgumentException} on malformed input. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The JSON object that Roo put into a message's text, or empty when the text is null or not one JSON
     * object (plain text, or JSON cut off mid-stream): the caller then shows the raw text.
     */
    public static Optional<JsonNode> parseObject(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode node = parse(trimmed);
            return node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Writes a value (record, tree, map) as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
