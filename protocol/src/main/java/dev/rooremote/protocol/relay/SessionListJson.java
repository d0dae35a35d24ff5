package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the relay's answer to {@code GET /v1/sessions} with jackson-core's streaming parser alone,
 * for a command that starts, lists the sessions and exits: databind's mapper and its look at the
 * records cost such a command more than the request itself. It reads what
 * {@link dev.rooremote.protocol.roo.RooJson} reads: the records' component names, unknown fields
 * skipped, an absent or null field given to the record's constructor as null, zero or false (the
 * constructors set the defaults and check the values), enums by their wire names.
 */
public final class SessionListJson {

    private static final JsonFactory JSON = new JsonFactory();

    private SessionListJson() {}

    /**
     * The sessions in {@code json}, an object with a {@code sessions} array; empty when it is not
     * such an object (not JSON, or no list).
     *
     * @throws IllegalArgumentException when the list is there but a session in it cannot be read
     */
    public static Optional<List<SessionInfo>> read(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            List<SessionInfo> sessions = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("sessions") && value == JsonToken.START_ARRAY) {
                    sessions = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        sessions.add(session(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
            return sessions == null ? Optional.empty() : Optional.of(List.copyOf(sessions));
        } catch (IOException e) {
            // Not JSON, or cut off: not a session list.
            return Optional.empty();
        }
    }

    private static SessionInfo session(JsonParser p) throws IOException {
        expectObject(p, "a session");
        String sessionId = null;
        String name = null;
        EndpointKind endpoint = null;
        ConnectionStatus connection = null;
        Capabilities capabilities = null;
        TaskSummary task = null;
        PendingAsk pendingAsk = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "sessionId" -> sessionId = text(p, field);
                case "name" -> name = text(p, field);
                case "endpoint" -> endpoint = nullOr(text(p, field), EndpointKind::fromWire);
                case "connection" -> connection = nullOr(text(p, field), ConnectionStatus::fromWire);
                case "capabilities" -> capabilities = isNull(p) ? null : capabilities(p);
                case "task" -> task = isNull(p) ? null : task(p);
                case "pendingAsk" -> pendingAsk = isNull(p) ? null : pendingAsk(p);
                default -> p.skipChildren();
            }
        }
        String id = sessionId;
        String n = name;
        EndpointKind e = endpoint;
        ConnectionStatus c = connection;
        Capabilities caps = capabilities;
        TaskSummary t = task;
        PendingAsk ask = pendingAsk;
        return make("a session", () -> new SessionInfo(id, n, e, c, caps, t, ask));
    }

    private static Capabilities capabilities(JsonParser p) throws IOException {
        expectObject(p, "capabilities");
        boolean approve = false;
        boolean readSettings = false;
        boolean deny = false;
        boolean profiles = false;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "approve" -> approve = bool(p, field);
                case "readSettings" -> readSettings = bool(p, field);
                case "deny" -> deny = bool(p, field);
                case "profiles" -> profiles = bool(p, field);
                case "reason" -> reason = text(p, field);
                default -> p.skipChildren();
            }
        }
        return new Capabilities(approve, readSettings, deny, profiles, reason);
    }

    private static TaskSummary task(JsonParser p) throws IOException {
        expectObject(p, "task");
        String taskId = null;
        String text = null;
        TaskState state = null;
        long startedAt = 0;
        long updatedAt = 0;
        Tokens tokens = null;
        String parentTaskId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "taskId" -> taskId = text(p, field);
                case "text" -> text = text(p, field);
                case "state" -> state = nullOr(text(p, field), TaskState::fromWire);
                case "startedAt" -> startedAt = number(p, field);
                case "updatedAt" -> updatedAt = number(p, field);
                case "tokens" -> tokens = isNull(p) ? null : tokens(p);
                case "parentTaskId" -> parentTaskId = text(p, field);
                default -> p.skipChildren();
            }
        }
        String id = taskId;
        String words = text;
        TaskState s = state;
        long started = startedAt;
        long updated = updatedAt;
        Tokens used = tokens;
        String parent = parentTaskId;
        return make("task", () -> new TaskSummary(id, words, s, started, updated, used, parent));
    }

    private static Tokens tokens(JsonParser p) throws IOException {
        expectObject(p, "tokens");
        long in = 0;
        long out = 0;
        long cacheWrites = 0;
        long cacheReads = 0;
        double cost = 0;
        long contextTokens = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "in" -> in = number(p, field);
                case "out" -> out = number(p, field);
                case "cacheWrites" -> cacheWrites = number(p, field);
                case "cacheReads" -> cacheReads = number(p, field);
                case "cost" -> cost = decimal(p, field);
                case "contextTokens" -> contextTokens = number(p, field);
                default -> p.skipChildren();
            }
        }
        long i = in;
        long o = out;
        long writes = cacheWrites;
        long reads = cacheReads;
        double c = cost;
        long context = contextTokens;
        return make("tokens", () -> new Tokens(i, o, writes, reads, c, context));
    }

    private static PendingAsk pendingAsk(JsonParser p) throws IOException {
        expectObject(p, "pendingAsk");
        String taskId = null;
        long ts = 0;
        String ask = null;
        PendingAsk.Category category = null;
        String text = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "taskId" -> taskId = text(p, field);
                case "ts" -> ts = number(p, field);
                case "ask" -> ask = text(p, field);
                case "category" -> category = nullOr(text(p, field), PendingAsk.Category::fromWire);
                case "text" -> text = text(p, field);
                default -> p.skipChildren();
            }
        }
        String id = taskId;
        long at = ts;
        String kind = ask;
        PendingAsk.Category c = category;
        String words = text;
        return make("pendingAsk", () -> new PendingAsk(id, at, kind, c, words));
    }

    private static void expectObject(JsonParser p, String what) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
    }

    private static boolean isNull(JsonParser p) {
        return p.currentToken() == JsonToken.VALUE_NULL;
    }

    private static String text(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return p.getText();
    }

    private static long number(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> 0;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getValueAsLong();
            default -> throw new IllegalArgumentException("'" + field + "' is not a number");
        };
    }

    private static double decimal(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> 0;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            default -> throw new IllegalArgumentException("'" + field + "' is not a number");
        };
    }

    private static boolean bool(JsonParser p, String field) {
        return switch (p.currentToken()) {
            case VALUE_NULL, VALUE_FALSE -> false;
            case VALUE_TRUE -> true;
            default -> throw new IllegalArgumentException("'" + field + "' is not true or false");
        };
    }

    private static <T> T nullOr(String wire, java.util.function.Function<String, T> fromWire) {
        return wire == null ? null : fromWire.apply(wire);
    }

    /** A record from its fields; what its constructor refuses is said with where it was. */
    private static <T> T make(String what, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }
}
