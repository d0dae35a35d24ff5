package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Incremental decoder for node-ipc's framing: UTF-8 JSON frames each followed by a form feed.
 *
 * <p>Feed it the bytes of each socket read in order; it returns the frames completed by that read. Bytes are
 * buffered, not characters, so a read may end anywhere, even inside a multi-byte character: a form feed byte
 * never occurs inside a UTF-8 sequence, and JSON text cannot contain a raw one. A frame longer than the
 * maximum is reported once and its remaining bytes are skipped up to the next delimiter, so memory stays
 * bounded. A frame that is not valid UTF-8 or JSON gives a {@link FrameError}; decoding continues with the
 * next frame. Not thread-safe: one decoder per connection, fed by one reader.
 */
public final class IpcFrameDecoder {

    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    /** How much of a bad frame a {@link FrameError} quotes. */
    static final int RAW_PREFIX_CHARS = 200;

    private static final int INITIAL_CAPACITY = 8 * 1024;

    /** What one frame decoded to. */
    public sealed interface Result {}

    /** A decoded frame: the message (possibly an {@link IpcMessage.UnknownIpcMessage}) and its text. */
    public record Frame(IpcMessage message, String raw) implements Result {
        public Frame {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(raw, "raw");
        }
    }

    /** A frame that could not be decoded; {@code rawPrefix} quotes its beginning for the log. */
    public record FrameError(String reason, String rawPrefix) implements Result {
        public FrameError {
            Objects.requireNonNull(reason, "reason");
            rawPrefix = rawPrefix == null ? "" : rawPrefix;
        }
    }

    private final int maxFrameBytes;
    private byte[] buffer;
    private int length;
    /** True while skipping the rest of an oversized frame. */
    private boolean discarding;

    public IpcFrameDecoder() {
        this(DEFAULT_MAX_FRAME_BYTES);
    }

    /** @param maxFrameBytes the largest frame accepted, in bytes without the delimiter */
    public IpcFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.buffer = new byte[Math.min(INITIAL_CAPACITY, maxFrameBytes)];
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Bytes of an unfinished frame held so far. */
    public int bufferedBytes() {
        return length;
    }

    public List<Result> feed(byte[] buf) {
        return feed(buf, 0, buf.length);
    }

    public List<Result> feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        List<Result> results = new ArrayList<>(2);
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (buf[i] == IpcFrameEncoder.DELIMITER) {
                append(buf, start, i - start, results);
                finishFrame(results);
                start = i + 1;
            }
        }
        append(buf, start, end - start, results);
        return results;
    }

    /** Consumes all remaining bytes of {@code buf}. */
    public List<Result> feed(ByteBuffer buf) {
        if (buf.hasArray()) {
            int n = buf.remaining();
            List<Result> results = feed(buf.array(), buf.arrayOffset() + buf.position(), n);
            buf.position(buf.position() + n);
            return results;
        }
        byte[] copy = new byte[buf.remaining()];
        buf.get(copy);
        return feed(copy, 0, copy.length);
    }

    private void append(byte[] src, int off, int n, List<Result> results) {
        if (n == 0 || discarding) {
            return;
        }
        if ((long) length + n > maxFrameBytes) {
            String prefix = prefixOf(src, off, n);
            results.add(new FrameError(
                    "frame exceeds the maximum of " + maxFrameBytes + " bytes; skipped to the next delimiter", prefix));
            discarding = true;
            length = 0;
            shrink();
            return;
        }
        if (length + n > buffer.length) {
            int capacity = (int) Math.min(maxFrameBytes, Math.max((long) buffer.length * 2, (long) length + n));
            buffer = Arrays.copyOf(buffer, capacity);
        }
        System.arraycopy(src, off, buffer, length, n);
        length += n;
    }

    private void finishFrame(List<Result> results) {
        if (discarding) {
            discarding = false;
            return;
        }
        int n = length;
        length = 0;
        if (isBlank(buffer, n)) {
            shrink();
            return;
        }
        String raw;
        try {
            raw = strictUtf8().decode(ByteBuffer.wrap(buffer, 0, n)).toString();
        } catch (CharacterCodingException e) {
            results.add(new FrameError("frame is not valid UTF-8", lenientPrefix(buffer, 0, n)));
            shrink();
            return;
        }
        shrink();
        results.add(decodeText(raw));
    }

    /** Decodes one frame's text (without delimiter). */
    public static Result decodeText(String raw) {
        JsonNode envelope;
        try {
            envelope = RooJson.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            return new FrameError("frame is not valid JSON: " + e.getOriginalMessage(), truncate(raw));
        }
        if (envelope == null || !envelope.isObject()) {
            return new FrameError("frame is not a JSON object", truncate(raw));
        }
        if (!"message".equals(envelope.path("type").asText(null))) {
            return new FrameError("frame is not a node-ipc \"message\" envelope", truncate(raw));
        }
        JsonNode data = envelope.get("data");
        if (data == null || !data.isObject()) {
            return new FrameError("frame has no data object", truncate(raw));
        }
        return new Frame(IpcMessage.fromJson(data), raw);
    }

    private void shrink() {
        if (buffer.length > INITIAL_CAPACITY * 8) {
            buffer = new byte[Math.min(INITIAL_CAPACITY, maxFrameBytes)];
        }
    }

    private static boolean isBlank(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private String prefixOf(byte[] src, int off, int n) {
        if (length > 0) {
            return lenientPrefix(buffer, 0, length);
        }
        return lenientPrefix(src, off, n);
    }

    private static String lenientPrefix(byte[] b, int off, int n) {
        int take = Math.min(n, RAW_PREFIX_CHARS * 4);
        return truncate(new String(b, off, take, StandardCharsets.UTF_8));
    }

    private static String truncate(String s) {
        return s.length() <= RAW_PREFIX_CHARS ? s : s.substring(0, RAW_PREFIX_CHARS);
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
