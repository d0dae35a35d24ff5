package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes relay protocol v1 text frames. Every frame is a JSON object with {@code type}
 * and {@code v}; decoding fails closed with a {@link ProtocolException} whose code and message say
 * what was wrong, and never throws anything else for bad input.
 */
public final class RelayCodec {

    private final ObjectMapper mapper = RooJson.mapper();
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
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "invalid '" + object.get("type").asText() + "': " + firstLine(detail), id);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "malformed field";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
