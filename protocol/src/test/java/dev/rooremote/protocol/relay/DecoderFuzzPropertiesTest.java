package dev.rooremote.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.roo.IpcFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The two decoders that read what others send, under malformed, truncated, mutated, oversized and
 * deeply nested input: the relay's frame decoder answers every frame with a message or a
 * {@link ProtocolException} (never anything else), and the Roo IPC decoder reports bad frames and
 * keeps its memory bounded however the bytes arrive. Each property runs 10,000 inputs.
 */
class DecoderFuzzPropertiesTest {

    private static final int MAX_FRAME = 4096;
    private static final List<String> VALID = RelayCodecGoldenTest.clientFrames()
            .map(Arguments::get)
            .map(args -> (String) args[2])
            .toList();

    private final RelayCodec codec = new RelayCodec(MAX_FRAME);

    @Provide
    Arbitrary<String> mutatedFrames() {
        Arbitrary<String> valid = Arbitraries.of(VALID);
        Arbitrary<String> truncated = Combinators.combine(
                        valid, Arbitraries.doubles().between(0, 1))
                .as((frame, at) -> frame.substring(0, (int) (frame.length() * at)));
        Arbitrary<String> replaced = Combinators.combine(
                        valid, Arbitraries.doubles().between(0, 0.99), Arbitraries.chars())
                .as((frame, at, c) -> {
                    int i = (int) (frame.length() * at);
                    return frame.substring(0, i) + c + frame.substring(i + 1);
                });
        Arbitrary<String> inserted = Combinators.combine(
                        valid,
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.of(
                                "\"",
                                "{",
                                "}",
                                "[",
                                "]",
                                ",",
                                ":",
                                "null",
                                "true",
                                "-1",
                                "1e309",
                                "\"3\"",
                                "\\u0000",
                                "\\ud800",
                                "{\"v\":2}",
                                "\"type\":\"ping\"",
                                "\u2028",
                                "\uFEFF"))
                .as((frame, at, piece) -> {
                    int i = (int) (frame.length() * at);
                    return frame.substring(0, i) + piece + frame.substring(i);
                });
        Arbitrary<String> nested = Combinators.combine(
                        Arbitraries.integers().between(1, 5000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> "{\"type\":\"hello\",\"v\":1,\"id\":\"n\",\"resume\":" + open.repeat(depth));
        Arbitrary<String> oversized = Arbitraries.integers()
                .between(MAX_FRAME - 64, MAX_FRAME * 4)
                .map(n -> "{\"type\":\"ping\",\"v\":1,\"id\":\"" + "x".repeat(n) + "\"}");
        Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(300);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, truncated),
                net.jqwik.api.Tuple.of(3, replaced),
                net.jqwik.api.Tuple.of(3, inserted),
                net.jqwik.api.Tuple.of(1, nested),
                net.jqwik.api.Tuple.of(1, oversized),
                net.jqwik.api.Tuple.of(2, garbage));
    }

    @Property(tries = 10_000)
    void everyRelayFrameIsDecodedOrRefusedWithAProtocolError(@ForAll("mutatedFrames") String frame) {
        try {
            assertThat(codec.decodeClient(frame)).isNotNull();
        } catch (ProtocolException e) {
            assertThat(e.code()).isNotNull();
            assertThat(e.getMessage()).isNotBlank().doesNotContain("dev.rooremote");
        }
    }

    @Property(tries = 10_000)
    void theIpcDecoderReportsBadFramesAndKeepsItsMemoryBounded(
            @ForAll("mutatedFrames") String text,
            @ForAll @IntRange(min = 1, max = 5000) int readSize,
            @ForAll @IntRange(min = 0, max = 3) int extraFormFeeds) {
        byte[] bytes = (text + "\f".repeat(extraFormFeeds) + text + "\f").getBytes(StandardCharsets.UTF_8);
        IpcFrameDecoder decoder = new IpcFrameDecoder(MAX_FRAME);
        for (int pos = 0; pos < bytes.length; pos += readSize) {
            assertThat(decoder.feed(bytes, pos, Math.min(readSize, bytes.length - pos)))
                    .allSatisfy(result -> assertThat(result)
                            .isInstanceOfAny(IpcFrameDecoder.Frame.class, IpcFrameDecoder.FrameError.class));
            assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(MAX_FRAME + readSize);
        }
        assertThat(decoder.bufferedBytes())
                .as("every delimited frame was consumed")
                .isZero();
    }
}
