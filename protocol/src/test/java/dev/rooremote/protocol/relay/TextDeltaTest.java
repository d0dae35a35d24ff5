package dev.rooremote.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.roo.RooJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TextDeltaTest {

    @Property(tries = 500)
    void applyingTheDeltaGivesTheNextText(@ForAll("texts") String previous, @ForAll("texts") String next) {
        TextDelta delta = TextDelta.between(previous, next);
        assertThat(TextDelta.apply(previous, delta)).isEqualTo(next);
    }

    @Property(tries = 500)
    void aStreamedReplyIsSentAsAppendsThatSurviveJson(@ForAll("streams") String[] steps) throws Exception {
        String received = null;
        String sent = null;
        for (String step : steps) {
            TextDelta delta = TextDelta.between(sent, step);
            if (delta != null) {
                TextDelta overTheWire = RooJson.mapper().readValue(RooJson.write(delta), TextDelta.class);
                received = overTheWire.applyTo(received);
            }
            sent = step;
            assertThat(received).isEqualTo(step);
        }
    }

    @Property(tries = 300)
    void anExtensionAtACodePointBoundaryIsAnAppend(@ForAll("texts") String previous, @ForAll("texts") String more) {
        String start = "a" + previous;
        TextDelta delta = TextDelta.between(start, start + more);
        if (more.isEmpty()) {
            assertThat(delta).isNull();
        } else if (!Character.isHighSurrogate(start.charAt(start.length() - 1))) {
            assertThat(delta.append()).isEqualTo(more);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> emoji = Arbitraries.of("😀", "🚀", "🧪", "👍🏽", "é", "中文", "\n", "```");
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(6);
        return Arbitraries.oneOf(plain, emoji, unicode).list().ofMaxSize(6).map(parts -> String.join("", parts));
    }

    /** Successive whole texts as Roo streams them: mostly growing at code-point boundaries, sometimes rewritten. */
    @Provide
    Arbitrary<String[]> streams() {
        Arbitrary<String> chunk = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("😀", "👍🏽", "中", "\n"));
        return Combinators.combine(
                        chunk.list().ofMinSize(1).ofMaxSize(20),
                        Arbitraries.integers().between(0, 19))
                .as((chunks, rewriteAt) -> {
                    String[] steps = new String[chunks.size()];
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < chunks.size(); i++) {
                        if (i == rewriteAt) {
                            text.setLength(0);
                        }
                        text.append(chunks.get(i));
                        steps[i] = text.toString();
                    }
                    return steps;
                });
    }
}
