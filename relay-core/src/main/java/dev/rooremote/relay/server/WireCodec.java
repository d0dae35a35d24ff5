package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.ServerMessage;

/**
 * The relay's codec as all its connections share it. The event log hands one event object to every
 * watcher in turn, so the last encoding is kept and reused: each event is encoded once, not once per
 * client.
 */
final class WireCodec {

    private record Encoded(ServerMessage message, String text) {}

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
        Encoded last = lastEncoded;
        if (last != null && last.message() == message) {
            return last.text();
        }
        String text = codec.encode(message);
        if (message instanceof ServerMessage.Event) {
            lastEncoded = new Encoded(message, text);
        }
        return text;
    }
}
