package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.rooremote.protocol.roo.RooJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads and writes relay protocol v1 text frames. Every frame is a JSON object with {@code type}
 * and {@code v}; decoding fails closed with a {@link ProtocolException} whose code and message say
 * what was wrong, and never throws anything else for bad input.
 */
public final class RelayCodec {

    private final ObjectMapper mapper = strict(RooJson.mapper().copy());
    private final int maxFrameBytes;

    public RelayCodec() {
        this(RelayProtocol.DEFAULT_MAX_FRAME_BYTES);
    }

    public RelayCodec(int maxFrameBytes) {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public String encode(ClientMessage message) {
        return write(message);
    }

    public String encode(ServerMessage message) {
        return write(message);
    }

    public ClientMessage decodeClient(String frame) throws ProtocolException {
        return decode(frame, ClientMessage.class);
    }

    public ServerMessage decodeServer(String frame) throws ProtocolException {
        return decode(frame, ServerMessage.class);
    }

    private String write(Object message) {
        ObjectNode tree = mapper.valueToTree(message);
        ObjectNode framed = mapper.createObjectNode();
        framed.set("type", tree.remove("type"));
        framed.put("v", RelayProtocol.VERSION);
        framed.setAll(tree);
        try {
            return mapper.writeValueAsString(framed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    private <T> T decode(String frame, Class<T> type) throws ProtocolException {
        if (frame == null) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "empty frame", null);
        }
        if (frame.length() > maxFrameBytes || frame.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
            throw new ProtocolException(
                    ErrorCode.FRAME_TOO_LARGE,
                    "frame is larger than " + maxFrameBytes + " bytes; send smaller images or text",
                    null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_JSON, "frame is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "frame must be a JSON object", null);
        }
        String id = object.path("id").isTextual() ? object.get("id").asText() : null;
        JsonNode version = object.remove("v");
        if (version == null || !version.canConvertToInt()) {
            throw new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION, "frame has no protocol version 'v' (this relay speaks v1)", id);
        }
        if (version.asInt() != RelayProtocol.VERSION) {
            throw new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version " + version.asInt() + " is not supported (this side speaks v"
                            + RelayProtocol.VERSION + ")",
                    id);
        }
        if (!object.path("type").isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "frame has no 'type'", id);
        }
        try {
            return mapper.treeToValue(object, type);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(
                    ErrorCode.UNKNOWN_TYPE,
                    "unknown frame type '" + object.get("type").asText() + "'",
                    id);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "invalid '" + object.get("type").asText() + "': " + cause.getMessage(), id);
        } catch (MismatchedInputException e) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "invalid '" + object.get("type").asText() + "': " + mismatch(e), id);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST,
                    "invalid '" + object.get("type").asText()
                            + "': a field has the wrong type or shape (see PROTOCOL.md)",
                    id);
        }
    }

    /**
     * Frames are typed strictly: a number is never read from a string ({@code "3"}), nor a string from
     * a number or a boolean. Roo's own JSON, read elsewhere, keeps the lenient mapper.
     */
    private static ObjectMapper strict(ObjectMapper mapper) {
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** Which field has the wrong type and what it must be, in the protocol's words (no Java type names). */
    private static String mismatch(MismatchedInputException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        Class<?> target = e.getTargetType();
        String kind;
        if (target == null) {
            kind = "of another type";
        } else if (Number.class.isAssignableFrom(target)
                || target == long.class
                || target == int.class
                || target == double.class) {
            kind = "a number";
        } else if (target == String.class) {
            kind = "a string";
        } else if (target == Boolean.class || target == boolean.class) {
            kind = "true or false";
        } else if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            kind = "a list";
        } else {
            kind = "an object";
        }
        return field.length() == 0 ? "the frame has the wrong shape" : "'" + field + "' must be " + kind;
    }
}
