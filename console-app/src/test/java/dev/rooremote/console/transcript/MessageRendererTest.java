package dev.rooremote.console.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.console.testing.RecordedTranscripts;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.testsupport.fx.FxThreadExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TitledPane;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every message Roo 3.52.1 sent in the recordings renders, on the FX thread, as a node that shows text. */
@ExtendWith(FxThreadExtension.class)
class MessageRendererTest {

    @ParameterizedTest
    @ValueSource(strings = {"02", "03", "04", "05", "06", "09", "10"})
    void everyRecordedMessageRendersWithItsText(String recording) {
        assertThat(Platform.isFxApplicationThread()).isTrue();
        List<RecordedTranscripts.RooMessage> messages = RecordedTranscripts.messages(recording);
        assertThat(messages).isNotEmpty();
        for (RecordedTranscripts.RooMessage recorded : messages) {
            ClineMessage message = recorded.message();
            Node node = MessageRenderer.render(new MessageViewModel(message, false));
            assertThat(node).as("%s", message).isNotNull();
            if (message.text() != null && !message.text().isBlank() && !Boolean.TRUE.equals(message.partial())) {
                assertThat(shownText(node)).as("text shown for %s", message).isNotBlank();
            }
        }
    }

    @Test
    void shortCommandOutputShowsInlineMonospaced() {
        Node node = render(ClineMessage.say(1L, SayKind.COMMAND_OUTPUT, "hello\nworld\n", false));

        assertThat(shownText(node)).contains("hello\nworld");
        assertThat(find(node, TitledPane.class)).isEmpty();
        assertThat(find(node, Text.class))
                .anySatisfy(t -> assertThat(t.getStyleClass()).contains("code-text"));
    }

    @Test
    void longCommandOutputIsFoldedUnderItsLineCountAndOpensOnAClick() {
        String output = IntStream.rangeClosed(1, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        MessageViewModel vm = new MessageViewModel(ClineMessage.say(1L, SayKind.COMMAND_OUTPUT, output, false), false);

        TitledPane fold = find(MessageRenderer.render(vm), TitledPane.class).get(0);
        assertThat(fold.getText()).isEqualTo("40 lines of output");
        assertThat(fold.isExpanded()).isFalse();
        assertThat(shownText(fold.getContent())).contains("line 1\n").contains("line 40");

        fold.setExpanded(true);
        TitledPane again = find(MessageRenderer.render(vm), TitledPane.class).get(0);
        assertThat(again.isExpanded())
                .as("stays open when the cell renders again")
                .isTrue();
    }

    @Test
    void outputStillStreamingSaysSoAndAnEmptyOneSaysThereIsNone() {
        String output = IntStream.rangeClosed(1, 20).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        Node streaming = render(ClineMessage.say(1L, SayKind.COMMAND_OUTPUT, output, true));
        assertThat(find(streaming, TitledPane.class).get(0).getText()).isEqualTo("20 lines of output so far");

        Node empty = render(ClineMessage.ask(2L, AskKind.COMMAND_OUTPUT, "", null));
        assertThat(shownText(empty)).contains("No output yet");
    }

    private static Node render(ClineMessage message) {
        return MessageRenderer.render(new MessageViewModel(message, false));
    }

    private static <T> List<T> find(Node node, Class<T> type) {
        List<T> out = new ArrayList<>();
        walk(node, type, out);
        return out;
    }

    private static <T> void walk(Node node, Class<T> type, List<T> out) {
        if (type.isInstance(node)) {
            out.add(type.cast(node));
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> walk(child, type, out));
        }
    }

    private static String shownText(Node node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return String.join(" ", out);
    }

    private static void collect(Node node, List<String> out) {
        if (node instanceof Labeled labeled && labeled.getText() != null) {
            out.add(labeled.getText());
        } else if (node instanceof Text text && text.getText() != null) {
            out.add(text.getText());
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, out));
        }
    }
}
