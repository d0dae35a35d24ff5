package dev.rooremote.protocol.roo;

import static dev.rooremote.protocol.roo.JsonAssertions.jsonEquals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.IpcFrameDecoder.Frame;
import dev.rooremote.protocol.roo.IpcFrameDecoder.Result;
import dev.rooremote.protocol.roo.IpcMessage.TaskEventMessage;
import dev.rooremote.protocol.roo.IpcMessage.UnknownIpcMessage;
import dev.rooremote.protocol.roo.RooTranscripts.Line;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every frame of the real Roo traffic decodes, whatever the socket reads look like. */
class TranscriptDecodingTest {

    static List<Path> files() {
        return RooTranscripts.files();
    }

    @Test
    void everyFrameDecodesToATypedMessageAndReEncodesUnchanged() {
        List<Line> frames = RooTranscripts.allFrames();
        assertThat(frames).hasSizeGreaterThan(300);
        for (Line line : frames) {
            Result result = IpcFrameDecoder.decodeText(line.raw());
            assertThat(result).as("%s seq %d", line.file(), line.seq()).isInstanceOf(Frame.class);
            IpcMessage message = ((Frame) result).message();
            assertThat(message).as("%s seq %d", line.file(), line.seq()).isNotInstanceOf(UnknownIpcMessage.class);
            if (message instanceof TaskEventMessage e) {
                assertThat(e.event())
                        .as("%s seq %d", line.file(), line.seq())
                        .isNotInstanceOf(TaskEvent.UnknownTaskEvent.class);
            }
            JsonNode original = RooJson.parse(line.raw()).get("data");
            JsonNode reEncoded = message.toJson();
            if (!original.has("origin")) {
                // file 06 deliberately sends a command without origin; re-encoding adds the required one
                assertThat(reEncoded.get("origin").asText()).isEqualTo("client");
                ((com.fasterxml.jackson.databind.node.ObjectNode) reEncoded).remove("origin");
            }
            assertThat(jsonEquals(original, reEncoded))
                    .as("%s seq %d re-encodes to%n%s%ninstead of%n%s", line.file(), line.seq(), reEncoded, original)
                    .isTrue();
        }
    }

    /**
     * Splits each direction's stream into two reads at every byte position. After a delimiter the decoder holds
     * nothing, so a cut can only affect the frame it falls in: cutting inside frame i of the stream is the
     * same as cutting inside frame i of (frame i-1, frame i, frame i+1). Testing that window keeps the check
     * exhaustive over every byte of every frame while staying linear in the size of the transcripts.
     */
    @ParameterizedTest
    @MethodSource("files")
    void splittingTheStreamAtEveryByteGivesTheSameFrames(Path file) {
        for (String dir : List.of("in", "out")) {
            List<String> frames =
                    RooTranscripts.frames(file, dir).stream().map(Line::raw).toList();
            for (int i = 0; i < frames.size(); i++) {
                List<String> window = frames.subList(Math.max(0, i - 1), Math.min(frames.size(), i + 2));
                byte[] before = i > 0 ? (frames.get(i - 1) + "\f").getBytes(StandardCharsets.UTF_8) : new byte[0];
                byte[] stream = (String.join("\f", window) + "\f").getBytes(StandardCharsets.UTF_8);
                int frameEnd = before.length + (frames.get(i) + "\f").getBytes(StandardCharsets.UTF_8).length;
                for (int cut = before.length; cut <= frameEnd; cut++) {
                    assertThat(decodeInTwoReads(stream, cut))
                            .as("%s %s frame %d cut at %d", file.getFileName(), dir, i, cut)
                            .isEqualTo(window);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void wholeStreamSplitAtEveryByteOfSmallTranscripts(Path file) {
        for (String dir : List.of("in", "out")) {
            byte[] stream = RooTranscripts.stream(file, dir);
            if (stream.length > 12_000) {
                continue; // covered by the windowed test above; quadratic here
            }
            List<String> expected =
                    RooTranscripts.frames(file, dir).stream().map(Line::raw).toList();
            for (int cut = 0; cut <= stream.length; cut++) {
                assertThat(decodeInTwoReads(stream, cut))
                        .as("%s %s cut at %d", file.getFileName(), dir, cut)
                        .isEqualTo(expected);
            }
        }
    }

    private static List<String> decodeInTwoReads(byte[] stream, int cut) {
        IpcFrameDecoder decoder = new IpcFrameDecoder();
        List<Result> results = new ArrayList<>(decoder.feed(stream, 0, cut));
        results.addAll(decoder.feed(stream, cut, stream.length - cut));
        assertThat(decoder.bufferedBytes()).isZero();
        return raws(results);
    }

    @ParameterizedTest
    @MethodSource("files")
    void framesThatSharedOneReadDecodeTogether(Path file) {
        Map<Integer, StringBuilder> reads = new LinkedHashMap<>();
        Map<Integer, List<String>> expected = new LinkedHashMap<>();
        for (Line line : RooTranscripts.frames(file, "in")) {
            reads.computeIfAbsent(line.chunk(), k -> new StringBuilder())
                    .append(line.raw())
                    .append('\f');
            expected.computeIfAbsent(line.chunk(), k -> new ArrayList<>()).add(line.raw());
        }
        IpcFrameDecoder decoder = new IpcFrameDecoder();
        reads.forEach((chunk, bytes) -> {
            List<Result> results = decoder.feed(bytes.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(raws(results))
                    .as("read %d of %s", chunk, file.getFileName())
                    .isEqualTo(expected.get(chunk));
        });
    }

    @Test
    void transcriptsContainReadsWithSeveralFrames() {
        // guards the test above: if the fixtures lost their shared reads it would prove nothing
        long shared = RooTranscripts.allFrames().stream()
                .filter(l -> l.chunk() != null)
                .collect(java.util.stream.Collectors.groupingBy(l -> l.file() + "#" + l.chunk()))
                .values()
                .stream()
                .filter(l -> l.size() > 1)
                .count();
        assertThat(shared).isPositive();
    }

    static List<String> raws(List<Result> results) {
        List<String> out = new ArrayList<>();
        for (Result r : results) {
            assertThat(r).isInstanceOf(Frame.class);
            out.add(((Frame) r).raw());
        }
        return out;
    }
}
