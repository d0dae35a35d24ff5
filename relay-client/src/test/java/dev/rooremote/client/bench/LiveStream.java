package dev.rooremote.client.bench;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * What a live compressed stream must put on the wire for a sequence of updates: each update deflated
 * in one stream whose context is kept across updates, flushed at the update's end so the receiver can
 * show it at once ({@link Deflater#SYNC_FLUSH}, raw deflate, the 4-byte {@code 00 00 ff ff} tail dropped
 * as RFC 7692 does), sent as one WebSocket frame in one TLS record.
 *
 * <p>The framing constants are the cheapest TLS 1.3 allows: a record with an AEAD cipher (AES-GCM or
 * ChaCha20-Poly1305) costs {@value #TLS_RECORD} bytes over its payload (a 5-byte header, the 1-byte inner
 * content type, a 16-byte tag, no padding: RFC 8446 section 5.2, and what OpenSSL and BoringSSL send by
 * default). The JDK's TLS 1.3, which the relay runs on, always adds 16 zero bytes of padding to every record
 * ({@value #JDK_TLS_RECORD} bytes). A server's unmasked WebSocket frame header is 2 bytes up to 125 payload
 * bytes and 4 up to 65,535.
 */
final class LiveStream {

    static final int TLS_RECORD = 5 + 1 + 16;
    static final int JDK_TLS_RECORD = TLS_RECORD + 16;
    private static final int TAIL = 4;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final byte[] buffer = new byte[64 * 1024];
    private long input;
    private long deflated;
    private long headers;
    private int updates;

    /** Adds one update (its bytes as UTF-8), flushed at its end. */
    void add(String update) {
        byte[] bytes = update.getBytes(StandardCharsets.UTF_8);
        input += bytes.length;
        deflater.setInput(bytes);
        int payload = 0;
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            payload += n;
        } while (n == buffer.length);
        payload -= TAIL;
        deflated += payload;
        headers += payload <= 125 ? 2 : 4;
        updates++;
    }

    int updates() {
        return updates;
    }

    /** The updates' own bytes, before compression. */
    long input() {
        return input;
    }

    /** The deflated payloads alone. */
    long deflated() {
        return deflated;
    }

    /** The WebSocket frame headers. */
    long webSocketHeaders() {
        return headers;
    }

    /** Everything on the wire: payloads, frame headers and one TLS record of {@code recordBytes} per update. */
    long wire(int recordBytes) {
        return deflated + headers + (long) recordBytes * updates;
    }

    void end() {
        deflater.end();
    }
}
