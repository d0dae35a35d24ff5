package dev.rooremote.console.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.console.testing.RecordedTranscripts;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.testsupport.fx.FxThreadExtension;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
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
