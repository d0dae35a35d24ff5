package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** JSON equality for round-trip tests: key order is ignored and 0 equals 0.0, as in JavaScript. */
final class JsonAssertions {

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonAssertions() {}

    static boolean jsonEquals(JsonNode expected, JsonNode actual) {
        return expected.equals(NUMBERS_BY_VALUE, actual);
    }

    static void assertJsonEquals(JsonNode actual, JsonNode expected) {
        assertThat(jsonEquals(expected, actual))
                .as("JSON differs%nexpected: %s%nactual:   %s", expected, actual)
                .isTrue();
    }

    static void assertJsonEquals(JsonNode actual, String expected) {
        assertJsonEquals(actual, RooJson.parse(expected));
    }
}
