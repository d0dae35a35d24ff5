package dev.rooremote.console.ui;

import static dev.rooremote.console.ui.ConsoleUi.completed;
import static dev.rooremote.console.ui.ConsoleUi.shown;
import static dev.rooremote.console.ui.ConsoleUi.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.session.SessionBadge;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.settings.SettingsViewModel;
import dev.rooremote.console.transcript.MessageViewModel;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.protocol.roo.RooSettings.Keys;
import dev.rooremote.testsupport.RealRooRelay;
import dev.rooremote.testsupport.roo.RealRoo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The console, headless, through a real relay against the real Roo Code 3.52.1 extension (in the
 * {@code none} webview mode of a VS Code whose sidebar was never opened) and its scripted model,
 * whose behaviour the prompt's keyword picks: what a person does, through the window's own controls.
 */
@Tag(RealRoo.TAG)
@ExtendWith(ApplicationExtension.class)
class ConsoleRealRooTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    static RealRooRelay real = RealRooRelay.instance();

    @RegisterExtension
    final ConsoleUi ui = new ConsoleUi();

    @Test
    void aFollowupIsAnsweredWithASuggestionAndTheModelGetsTheAnswer(FxRobot robot) {
        SessionViewModel session =
                ui.connectAs(robot, real.relay(), "bob", 1, WAIT).get(0);
        startTask(robot, "followup: pick a colour");

        await().atMost(WAIT).until(() -> shown(robot, "#suggestion-1"));
        assertThat(session.badge()).isEqualTo(SessionBadge.NEEDS_YOU);
        assertThat(robot.lookup("#ask-question").queryAs(Labeled.class).getText())
                .contains("Which colour do you prefer?");
        assertThat(robot.lookup("#suggestion-0").queryAs(Labeled.class).getText())
                .isEqualTo("red");
        assertThat(robot.lookup("#suggestion-1").queryAs(Labeled.class).getText())
                .isEqualTo("blue");
        robot.clickOn(visible(robot, "#suggestion-1"));

        awaitCompleted(session, "pick a colour");
        assertThat(messages(session, MessageKind.USER)).contains("blue");
        // the scripted model's last turn quotes the answer Roo passed it
        assertThat(messages(session, MessageKind.COMPLETION))
                .anySatisfy(text ->
                        assertThat(text).contains("MOCK: done after turn").contains("blue"));
        assertThat(session.badge()).isEqualTo(SessionBadge.IDLE);
    }

    @Test
    void autoApprovalSetInTheSettingsEditorLetsWritesAndCommandsRunWithNobodyAnswering(FxRobot robot) {
        SessionViewModel session =
                ui.connectAs(robot, real.relay(), "alice", 1, WAIT).get(0);
        robot.clickOn(visible(robot, "#settings-tab"));
        await().atMost(WAIT).until(() -> session.settings().loadedProperty().get());
        for (String key : List.of(Keys.AUTO_APPROVAL_ENABLED, Keys.ALWAYS_ALLOW_WRITE, Keys.ALWAYS_ALLOW_EXECUTE)) {
            CheckBox box = (CheckBox) visible(robot, "#settings-" + key);
            if (!box.isSelected()) {
                robot.clickOn(box);
            }
            assertThat(box.isSelected())
                    .as(SettingsViewModel.APPROVALS.get(key))
                    .isTrue();
        }
        robot.interact(() -> ((TextArea) visible(robot, "#settings-allowed")).setText("echo"));
        robot.clickOn(visible(robot, "#settings-save"));
        await().atMost(WAIT).until(() -> robot.lookup("#settings-message")
                .queryLabeled()
                .getText()
                .startsWith("Saved"));

        AtomicBoolean asked = new AtomicBoolean();
        ChangeListener<PendingAsk> askWatch = (o, before, ask) ->
                asked.compareAndSet(false, ask != null && ask.category() == PendingAsk.Category.INTERACTIVE);
        robot.interact(() -> session.pendingAskProperty().addListener(askWatch));
        robot.clickOn(visible(robot, "#live-tab"));

        startTask(robot, "write path=from-console.txt");
        awaitCompleted(session, "from-console.txt");
        assertThat(real.roo().workspace().resolve("from-console.txt")).hasContent("hello from real roo");

        startTask(robot, "command cmd=`echo console-approved-ok`");
        awaitCompleted(session, "console-approved-ok");
        assertThat(messages(session, MessageKind.COMMAND_OUTPUT))
                .anySatisfy(text -> assertThat(text).contains("console-approved-ok"));
        robot.interact(() -> session.pendingAskProperty().removeListener(askWatch));
        assertThat(asked).as("a tool or command ask waited for a person").isFalse();
    }

    private static void startTask(FxRobot robot, String prompt) {
        robot.interact(() -> ((TextArea) visible(robot, "#prompt")).setText(prompt));
        robot.clickOn(visible(robot, "#new-task-button"));
    }

    /** Waits until the session shows the task whose prompt contains {@code text}, completed. */
    private static void awaitCompleted(SessionViewModel session, String text) {
        await().atMost(WAIT).untilAsserted(() -> {
            List<MessageViewModel> messages = List.copyOf(session.transcript().messages());
            assertThat(completed(session)
                            && !messages.isEmpty()
                            && String.valueOf(messages.get(0).message().text()).contains(text))
                    .as(() -> "the task \"" + text + "\" completed; the console shows "
                            + session.infoProperty().get().task() + " with "
                            + messages.stream()
                                    .map(m -> m.kind() + ": " + m.plainText())
                                    .toList())
                    .isTrue();
        });
    }

    private static List<String> messages(SessionViewModel session, MessageKind kind) {
        return session.transcript().messages().stream()
                .filter(m -> m.kind() == kind)
                .map(m -> m.message().text() == null ? "" : m.message().text())
                .toList();
    }
}
