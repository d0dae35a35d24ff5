package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.roo.IpcFrameDecoder.Result;
import dev.rooremote.protocol.roo.RooTranscripts.Line;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random read sizes over the whole recorded traffic give the same frames as the recording. */
class TranscriptChunkingPropertiesTest {

    private static final List<Path> FILES = RooTranscripts.files();

    @Provide
    Arbitrary<Integer> fileIndex() {
        return Arbitraries.integers().between(0, FILES.size() - 1);
    }

    @Property(tries = 200)
    void randomChunkingGivesTheRecordedFrames(
            @ForAll("fileIndex") int fileIndex,
            @ForAll @Size(min = 1, max = 64) List<@IntRange(min = 1, max = 4096) Integer> readSizes,
            @ForAll boolean viaByteBuffer) {
        Path file = FILES.get(fileIndex);
        for (String dir : List.of("in", "out")) {
            byte[] stream = RooTranscripts.stream(file, dir);
            List<String> expected =
                    RooTranscripts.frames(file, dir).stream().map(Line::raw).toList();
            IpcFrameDecoder decoder = new IpcFrameDecoder();
            List<Result> results = new ArrayList<>();
            int pos = 0;
            int i = 0;
            while (pos < stream.length) {
                int n = Math.min(readSizes.get(i++ % readSizes.size()), stream.length - pos);
                if (viaByteBuffer) {
                    ByteBuffer direct = ByteBuffer.allocateDirect(n);
                    direct.put(stream, pos, n).flip();
                    results.addAll(decoder.feed(direct));
                    assertThat(direct.hasRemaining()).isFalse();
                } else {
                    results.addAll(decoder.feed(stream, pos, n));
                }
                pos += n;
            }
            assertThat(TranscriptDecodingTest.raws(results)).isEqualTo(expected);
        }
    }
}
