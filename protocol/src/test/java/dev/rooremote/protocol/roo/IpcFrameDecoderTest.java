package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.roo.IpcFrameDecoder.Frame;
import dev.rooremote.protocol.roo.IpcFrameDecoder.FrameError;
import dev.rooremote.protocol.roo.IpcFrameDecoder.Result;
import dev.rooremote.protocol.roo.IpcMessage.Ack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpcFrameDecoderTest {

    static final String ACK =
            "{\"type\":\"message\",\"data\":{\"type\":\"Ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"c1\",\"pid\":1,\"ppid\":0}}}";
    static final String MODES = "{\"type\":\"message\",\"data\":{\"type\":\"TaskEvent\",\"origin\":\"server\","
            + "\"data\":{\"eventName\":\"modesResponse\",\"payload\":[[{\"slug\":\"debug\",\"name\":\"🪲 Debug\"}]]}}}";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void severalFramesInOneRead() {
        List<Result> results = new IpcFrameDecoder().feed(bytes(ACK + "\f" + MODES + "\f"));
        assertThat(results).hasSize(2).allMatch(Frame.class::isInstance);
        assertThat(((Frame) results.get(0)).message()).isEqualTo(new Ack("c1", 1, 0));
    }

    @Test
    void splitInsideAFourByteEmoji() {
        byte[] frame = bytes(MODES + "\f");
        int emoji = MODES.indexOf("🪲");
        int byteIndex = bytes(MODES.substring(0, emoji)).length;
        for (int inside = 1; inside < 4; inside++) {
            IpcFrameDecoder decoder = new IpcFrameDecoder();
            assertThat(decoder.feed(frame, 0, byteIndex + inside)).isEmpty();
            List<Result> results = decoder.feed(frame, byteIndex + inside, frame.length - byteIndex - inside);
            assertThat(results).singleElement().isInstanceOfSatisfying(Frame.class, f -> {
                var event = (IpcMessage.TaskEventMessage) f.message();
                assertThat(((TaskEvent.ModesResponse) event.event())
                                .modes()
                                .get(0)
                                .name())
                        .isEqualTo("🪲 Debug");
            });
        }
    }

    @Test
    void oversizedFrameFailsClosedAndTheNextFrameStillDecodes() {
        IpcFrameDecoder decoder = new IpcFrameDecoder(256);
        String big = "{\"type\":\"message\",\"data\":{\"junk\":\"" + "x".repeat(10_000) + "\"}}";
        List<Result> results = new ArrayList<>();
        byte[] b = bytes(big + "\f" + ACK + "\f");
        for (int i = 0; i < b.length; i += 100) {
            results.addAll(decoder.feed(b, i, Math.min(100, b.length - i)));
            assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(256);
        }
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(FrameError.class, e -> {
            assertThat(e.reason()).contains("exceeds the maximum of 256 bytes");
            assertThat(e.rawPrefix()).startsWith("{\"type\":\"message\"");
        });
        assertThat(results.get(1)).isInstanceOfSatisfying(Frame.class, f -> assertThat(f.message())
                .isEqualTo(new Ack("c1", 1, 0)));
    }

    @Test
    void frameOfExactlyTheMaximumIsAccepted() {
        IpcFrameDecoder decoder = new IpcFrameDecoder(bytes(ACK).length);
        assertThat(decoder.feed(bytes(ACK + "\f"))).singleElement().isInstanceOf(Frame.class);
    }

    @Test
    void invalidJsonFrameThenValidFrame() {
        List<Result> results = new IpcFrameDecoder().feed(bytes("{\"type\":\"message\",\"data\":{\f" + ACK + "\f"));
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(FrameError.class, e -> assertThat(e.reason())
                .contains("not valid JSON"));
        assertThat(results.get(1)).isInstanceOf(Frame.class);
    }

    @Test
    void invalidUtf8AndWrongEnvelopeAreErrors() {
        IpcFrameDecoder decoder = new IpcFrameDecoder();
        byte[] bad = {'{', '"', (byte) 0xC3, '"', '}', '\f'};
        assertThat(decoder.feed(bad)).singleElement().isInstanceOfSatisfying(FrameError.class, e -> assertThat(
                        e.reason())
                .contains("UTF-8"));
        assertThat(decoder.feed(bytes("{\"type\":\"Ack\",\"data\":{}}\f[1]\f")))
                .hasSize(2)
                .allMatch(FrameError.class::isInstance);
    }

    @Test
    void emptyFramesAreSkipped() {
        assertThat(new IpcFrameDecoder().feed(bytes("\f\f \n\f" + ACK + "\f")))
                .singleElement()
                .isInstanceOf(Frame.class);
    }

    @Test
    void byteBufferOverloadConsumesTheBuffer() {
        ByteBuffer buf = ByteBuffer.wrap(bytes("xx" + ACK + "\f" + ACK));
        buf.position(2);
        IpcFrameDecoder decoder = new IpcFrameDecoder();
        assertThat(decoder.feed(buf)).hasSize(1);
        assertThat(buf.hasRemaining()).isFalse();
        assertThat(decoder.bufferedBytes()).isEqualTo(bytes(ACK).length);
        assertThat(decoder.feed(new byte[] {'\f'})).hasSize(1);
    }

    @Test
    void rejectsNonPositiveMaximum() {
        assertThatThrownBy(() -> new IpcFrameDecoder(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
