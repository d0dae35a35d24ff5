package dev.rooremote.protocol.relay;

/** Validation shared by the records of relay protocol v1. */
final class Ids {
    static final int MAX_ID_LENGTH = 128;

    private Ids() {}

    static String requireId(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("'" + field + "' is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    static long requireTs(long ts, String field) {
        if (ts <= 0) {
            throw new IllegalArgumentException("'" + field + "' must be a positive Roo message timestamp");
        }
        return ts;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return value;
    }
}
