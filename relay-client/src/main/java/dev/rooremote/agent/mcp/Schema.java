package dev.rooremote.agent.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON Schema (2020-12) documents for tool inputs and outputs, built as the maps the MCP SDK takes. */
final class Schema {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    static Schema object() {
        return new Schema();
    }

    /** A property the caller must give. */
    Schema required(String name, Map<String, Object> schema) {
        properties.put(name, schema);
        required.add(name);
        return this;
    }

    Schema optional(String name, Map<String, Object> schema) {
        properties.put(name, schema);
        return this;
    }

    /**
     * The object schema; closed for inputs (unknown arguments are refused), open for outputs, whose
     * fields are all optional since a failed call has only its error.
     */
    Map<String, Object> build(boolean closed) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", List.copyOf(required));
        }
        if (closed) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    static Map<String, Object> string(String description) {
        return typed("string", description);
    }

    static Map<String, Object> integer(String description, long minimum, long maximum, Long defaultValue) {
        Map<String, Object> schema = typed("integer", description);
        schema.put("minimum", minimum);
        schema.put("maximum", maximum);
        if (defaultValue != null) {
            schema.put("default", defaultValue);
        }
        return schema;
    }

    static Map<String, Object> oneOf(String description, List<String> values, String defaultValue) {
        Map<String, Object> schema = string(description);
        schema.put("enum", values);
        if (defaultValue != null) {
            schema.put("default", defaultValue);
        }
        return schema;
    }

    static Map<String, Object> stringArray(String description) {
        Map<String, Object> schema = typed("array", description);
        schema.put("items", Map.of("type", "string"));
        return schema;
    }

    /** An output array of objects. */
    static Map<String, Object> objectArray(String description) {
        Map<String, Object> schema = typed("array", description);
        schema.put("items", Map.of("type", "object"));
        return schema;
    }

    /** An output value that is an object, or null when there is none. */
    static Map<String, Object> objectOrNull(String description) {
        return nullable("object", description);
    }

    static Map<String, Object> stringOrNull(String description) {
        return nullable("string", description);
    }

    /** An output object with fields of any kind. */
    static Map<String, Object> anyObject(String description) {
        Map<String, Object> schema = typed("object", description);
        schema.put("additionalProperties", true);
        return schema;
    }

    private static Map<String, Object> nullable(String type, String description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("anyOf", List.of(Map.of("type", type), Map.of("type", "null")));
        schema.put("description", description);
        return schema;
    }

    private static Map<String, Object> typed(String type, String description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", type);
        schema.put("description", description);
        return schema;
    }
}
