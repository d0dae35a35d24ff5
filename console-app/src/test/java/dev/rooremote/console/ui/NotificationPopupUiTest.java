package dev.rooremote.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.status.ControlsFxNotifier;
import dev.rooremote.console.status.Notification;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javafx.scene.control.Label;
import javafx.stage.PopupWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The in-window notification, the fallback where the desktop has no notification service, shows its
 * title and text in the console's theme, and its stylesheet loads without a CSS error; a click on it
 * opens the session it is about, unless it was withdrawn since.
 */
@ExtendWith(ApplicationExtension.class)
class NotificationPopupUiTest {

    @RegisterExtension
    final ConsoleUi ui = new ConsoleUi();

    @Test
    void thePopupShowsTitleAndTextWithoutCssErrors(FxRobot robot) {
        List<String> cssProblems = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                cssProblems.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger css = Logger.getLogger("javafx.css");
        css.addHandler(recorder);
        try {
            robot.interact(() -> new ControlsFxNotifier(ui.window.stage())
                    .show(
                            new Notification(
                                    "relay/demo-2",
                                    "t1:5",
                                    "demo-2 needs you",
                                    "Roo wants to create greeting.txt",
                                    java.util.List.of()),
                            action -> {}));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> popupLabels(robot).contains("demo-2 needs you"));
            assertThat(popupLabels(robot)).contains("Roo wants to create greeting.txt");
            assertThat(cssProblems).noneMatch(p -> p.contains("notification"));
        } finally {
            css.removeHandler(recorder);
        }
    }

    @Test
    void aClickOnThePopupOpensTheSessionUnlessItWasWithdrawn(FxRobot robot) {
        List<String> chosen = new CopyOnWriteArrayList<>();
        ControlsFxNotifier popup = new ControlsFxNotifier(ui.window.stage());
        Notification asked = new Notification("relay/demo-2", "t1:5", "demo-2 needs you", "Which port?", List.of());
        robot.interact(() -> popup.show(asked, chosen::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> popupLabels(robot).contains("Which port?"));
        robot.clickOn(popupLabel(robot, "Which port?"));
        await().atMost(Duration.ofSeconds(10)).until(() -> chosen.equals(List.of(Notification.OPEN)));

        Notification finished = new Notification("relay/demo-1", "t2:completed", "demo-1 finished", "Done.", List.of());
        robot.interact(() -> popup.show(finished, chosen::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> popupLabels(robot).contains("Done."));
        robot.interact(() -> popup.withdraw(finished));
        robot.clickOn(popupLabel(robot, "Done."));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> chosen.size() == 1);
    }

    private static Label popupLabel(FxRobot robot, String text) {
        return robot.lookup(".notification-bar .label").queryAllAs(Label.class).stream()
                .filter(l -> l.getScene() != null && l.getScene().getWindow() instanceof PopupWindow)
                .filter(l -> text.equals(l.getText()))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> popupLabels(FxRobot robot) {
        return robot.lookup(".notification-bar .label").queryAllAs(Label.class).stream()
                .filter(l -> l.getScene() != null && l.getScene().getWindow() instanceof PopupWindow)
                .map(Label::getText)
                .toList();
    }
}
