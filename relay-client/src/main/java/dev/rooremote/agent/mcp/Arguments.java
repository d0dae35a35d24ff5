package dev.rooremote.agent.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool call's arguments, read with the checks the tool's schema states; anything wrong is a
 * {@link BadArgumentException} that names the argument and what it should be.
 */
final class Arguments {

    private final Map<String, Object> values;

    Arguments(Map<String, Object> values, Set<String> known) {
        this.values = values == null ? Map.of() : values;
        for (String name : this.values.keySet()) {
            if (!known.contains(name)) {
                throw new BadArgumentException(
                        name,
                        "this tool has no such argument; it takes "
                                + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** A non-blank string the caller must give. */
    String required(String name, String what) {
        String value = optional(name);
        if (value == null) {
            throw new BadArgumentException(name, "missing; give " + what);
        }
        return value;
    }

    /** A string, or null when absent; a blank string counts as absent. */
    String optional(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new BadArgumentException(name, "must be a string, not " + describe(value));
        }
        return text.isBlank() ? null : text;
    }

    /** One of {@code allowed}, or {@code defaultValue} when absent. */
    String oneOf(String name, List<String> allowed, String defaultValue) {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            throw new BadArgumentException(
                    name, "must be one of " + String.join(", ", allowed) + ", not '" + value + "'");
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}, or {@code defaultValue} when absent. */
    long integer(String name, long min, long max, long defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Number number)
                || number.doubleValue() != Math.rint(number.doubleValue())
                || Double.isInfinite(number.doubleValue())) {
            throw new BadArgumentException(
                    name, "must be a whole number from " + min + " to " + max + ", not " + describe(value));
        }
        long n = number.longValue();
        if (n < min || n > max) {
            throw new BadArgumentException(name, "must be from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    /** A list of non-blank strings, empty when absent. */
    List<String> strings(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new BadArgumentException(name, "must be an array of strings, not " + describe(value));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text) || text.isBlank()) {
                throw new BadArgumentException(
                        name, "item " + i + " must be a non-empty string, not " + describe(list.get(i)));
            }
            out.add(text);
        }
        return out;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean (" + value + ")";
        }
        if (value instanceof Number) {
            return "the number " + value;
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }
}
