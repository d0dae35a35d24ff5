package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.ServerMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The relay's codec as all its connections share it. The event log hands one event object to every
 * watcher in turn, so the last encoding is kept and reused: each event is encoded, to JSON and then to
 * UTF-8, once, not once per client.
 */
final class WireCodec {

    private record Encoded(ServerMessage message, ByteBuffer frame) {}

    private final RelayCodec codec;
    private volatile Encoded lastEncoded;

    WireCodec(RelayCodec codec) {
        this.codec = codec;
    }

    ClientMessage decode(String text) throws ProtocolException {
        return codec.decodeClient(text);
    }

    /** The frame text of {@code message}. */
    String encode(ServerMessage message) {
        return codec.encode(message);
    }

    /**
     * The frame of {@code message} as UTF-8, read-only and possibly shared with other clients: a writer
     * takes its own {@link ByteBuffer#duplicate()} so that its position is its own.
     */
    ByteBuffer frame(ServerMessage message) {
        Encoded last = lastEncoded;
        if (last != null && last.message() == message) {
            return last.frame();
        }
        ByteBuffer frame = ByteBuffer.wrap(codec.encode(message).getBytes(StandardCharsets.UTF_8))
                .asReadOnlyBuffer();
        if (message instanceof ServerMessage.Event) {
            lastEncoded = new Encoded(message, frame);
        }
        return frame;
    }
}
