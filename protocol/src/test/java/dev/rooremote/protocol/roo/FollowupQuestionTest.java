package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.roo.FollowupQuestion.Suggestion;
import dev.rooremote.protocol.roo.IpcMessage.TaskEventMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowupQuestionTest {

    @Test
    void parsesTheRecordedFollowup() {
        // text of the final followup ask in transcripts 03 and 09
        String text = """
                {"question":"Which language should the greeting file be in?","suggest":[{"answer":"English","mode":null},{"answer":"German","mode":null}]}""";
        assertThat(FollowupQuestion.parse(text))
                .contains(new FollowupQuestion(
                        "Which language should the greeting file be in?",
                        List.of(new Suggestion("English", null), new Suggestion("German", null))));
    }

    @Test
    void everyFollowupAskInTheTranscriptsParses() {
        List<String> texts = RooTranscripts.allFrames().stream()
                .map(l -> ((IpcFrameDecoder.Frame) IpcFrameDecoder.decodeText(l.raw())).message())
                .filter(TaskEventMessage.class::isInstance)
                .map(m -> ((TaskEventMessage) m).event())
                .filter(TaskEvent.MessageEvent.class::isInstance)
                .map(e -> ((TaskEvent.MessageEvent) e).message())
                .filter(m -> AskKind.FOLLOWUP.equals(m.ask())
                        && m.text() != null
                        && !m.text().isBlank())
                .map(ClineMessage::text)
                .toList();
        assertThat(texts).isNotEmpty();
        for (String text : texts) {
            var q = FollowupQuestion.parse(text);
            assertThat(q).as(text).isPresent();
            assertThat(q.get().question()).as(text).isNotBlank();
        }
        // the streamed plain question and the final JSON both occur
        assertThat(texts).anyMatch(t -> t.startsWith("{")).anyMatch(t -> !t.startsWith("{"));
    }

    @Test
    void plainTextIsTheQuestion() {
        assertThat(FollowupQuestion.parse("Which language should"))
                .contains(new FollowupQuestion("Which language should", List.of()));
    }

    @Test
    void toleratesMissingFieldsStringSuggestionsAndModes() {
        assertThat(FollowupQuestion.parse("{\"suggest\":[\"yes\",{\"answer\":\"no\",\"mode\":\"code\"},{\"x\":1},7]}"))
                .contains(new FollowupQuestion("", List.of(new Suggestion("yes", null), new Suggestion("no", "code"))));
        assertThat(FollowupQuestion.parse("{\"question\":\"Q?\"}")).contains(new FollowupQuestion("Q?", List.of()));
        assertThat(FollowupQuestion.parse("{\"question\":\"Q?\",\"suggest\":\"nope\"}"))
                .contains(new FollowupQuestion("Q?", List.of()));
    }

    @Test
    void brokenJsonIsReadAsPlainText() {
        assertThat(FollowupQuestion.parse("{\"question\":\"Wh"))
                .map(FollowupQuestion::question)
                .contains("{\"question\":\"Wh");
    }

    @Test
    void blankIsEmpty() {
        assertThat(FollowupQuestion.parse(null)).isEmpty();
        assertThat(FollowupQuestion.parse("  ")).isEmpty();
    }
}
