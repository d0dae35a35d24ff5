package dev.rooremote.relay.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's framing (docs/BRIDGE.md section 2): UTF-8 JSON objects, one per line, each ended by
 * {@code \n}; a {@code \r} before it is dropped and empty lines are skipped. A line may be at most
 * {@link #MAX_LINE_BYTES} without its {@code \n}. Bytes are buffered, not characters, so a read may end
 * anywhere, even inside a multi-byte character. Used by both sides: the relay's client and the demo's
 * bridge.
 */
public final class BridgeLines {

    /** 1 MiB, as the bridge allows. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    /** A line over the limit, or one that is not UTF-8. The connection must end. */
    public static final class FramingException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        FramingException(String code, String message) {
            super(message);
            this.code = code;
        }

        /** {@code line_too_long} or {@code bad_frame}, the bridge's own codes. */
        public String code() {
            return code;
        }
    }

    private final int maxLineBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public BridgeLines() {
        this(MAX_LINE_BYTES);
    }

    BridgeLines(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Takes the bytes of one read and returns the complete lines they end, in order. */
    public List<String> feed(ByteBuffer bytes) throws FramingException {
        List<String> lines = new ArrayList<>();
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                byte[] line = pending.toByteArray();
                pending.reset();
                int length = line.length;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                if (length > 0) {
                    lines.add(decode(line, length));
                }
            } else {
                if (pending.size() >= maxLineBytes + 1) {
                    // one byte of slack for a '\r' before the '\n'
                    throw new FramingException(
                            "line_too_long",
                            "a line is longer than " + maxLineBytes + " bytes; closing the connection");
                }
                pending.write(b);
            }
        }
        return lines;
    }

    /** One frame as the wire carries it: the JSON text and its {@code \n}. */
    public static ByteBuffer encode(String json) {
        return ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(byte[] line, int length) throws FramingException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FramingException("bad_frame", "a line is not valid UTF-8");
        }
    }
}
