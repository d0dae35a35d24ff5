package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Writes node-ipc frames: {@code {"type":"message","data":<IpcMessage>}} followed by a form feed. */
public final class IpcFrameEncoder {

    /** node-ipc's default delimiter. */
    public static final byte DELIMITER = '\f';

    private IpcFrameEncoder() {}

    /** The frame text without the delimiter. */
    public static String encodeToString(IpcMessage message) {
        ObjectNode envelope = RooJson.object();
        envelope.put("type", "message");
        envelope.set("data", message.toJson());
        return RooJson.write(envelope);
    }

    /** The frame as UTF-8 bytes including the trailing delimiter, ready for the socket. */
    public static byte[] encode(IpcMessage message) {
        byte[] json = encodeToString(message).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = DELIMITER;
        return out;
    }
}
