package dev.rooremote.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.app.ConsoleWindow;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Walks every screen of the demo at the window's default and smallest sizes, with a followup and a file edit waiting:
 * every label and button on screen shows its whole text (JavaFX would end a cut one with "..."), and no
 * empty-state hint shows behind content.
 */
@ExtendWith(ApplicationExtension.class)
class EveryScreenReadsInFullUiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RelayFixture relay;

    @RegisterExtension
    final ConsoleUi ui = new ConsoleUi();

    @BeforeAll
    static void startRelay() throws Exception {
        relay = RelayFixtures.start();
    }

    @AfterAll
    static void stopRelay() throws Exception {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void everyScreenOfTheDemoShowsItsTextsWhole(FxRobot robot) throws Exception {
        List<SessionViewModel> sessions = ui.connectAs(robot, relay, "alice", 2, WAIT);
        SessionViewModel one = sessions.get(0);
        SessionViewModel two = sessions.get(1);
        robot.interact(() -> {
            one.promptProperty().set("Add a greeting file; ask me a followup question about the language");
            one.send();
            two.promptProperty().set("Add a greeting file");
            two.send();
        });
        await().atMost(WAIT).until(() -> one.followupProperty().get() != null);
        await().atMost(WAIT).until(() -> two.canApproveBinding().get());

        List<String> cut = new ArrayList<>();
        cut.addAll(walk(robot, sessions, ConsoleWindow.DEFAULT_WIDTH, ConsoleWindow.DEFAULT_HEIGHT));
        robot.interact(() -> {
            ui.window.stage().setWidth(1);
            ui.window.stage().setHeight(1);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ui.window.stage().getWidth()).isEqualTo(ConsoleWindow.MIN_WIDTH);
        cut.addAll(walk(robot, sessions, ConsoleWindow.MIN_WIDTH, ConsoleWindow.MIN_HEIGHT));
        assertThat(cut).as("texts cut off").isEmpty();
        assertThat(robot.lookup("#no-sessions-hint").query().isVisible()).isFalse();
    }

    private List<String> walk(FxRobot robot, List<SessionViewModel> sessions, double width, double height)
            throws Exception {
        robot.interact(() -> {
            ui.window.stage().setWidth(width);
            ui.window.stage().setHeight(height);
        });
        List<String> cut = new ArrayList<>();
        for (SessionViewModel session : sessions) {
            ui.select(robot, session);
            for (String tab : List.of("live-tab", "history-tab", "settings-tab")) {
                robot.interact(() -> selectTab(robot, tab));
                WaitForAsyncUtils.waitForFxEvents();
                if ("settings-tab".equals(tab)) {
                    await().atMost(WAIT)
                            .until(() -> session.settings().loadedProperty().get());
                    WaitForAsyncUtils.waitForFxEvents();
                }
                String screen = (int) width + "x" + (int) height + " "
                        + session.nameProperty().get() + " " + tab;
                cut.addAll(WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> cutTexts(screen, robot))));
            }
        }
        return cut;
    }

    private static void selectTab(FxRobot robot, String id) {
        for (Node node : robot.lookup(".tab-pane").queryAll()) {
            if (node instanceof TabPane pane && shown(node)) {
                pane.getTabs().stream()
                        .filter(tab -> id.equals(tab.getId()))
                        .findFirst()
                        .ifPresent(tab -> pane.getSelectionModel().select(tab));
            }
        }
    }

    /** Every shown label or button whose text JavaFX shortened, as "screen: 'whole text' shown as 'shortened'". */
    private static List<String> cutTexts(String screen, FxRobot robot) {
        List<String> cut = new ArrayList<>();
        Parent root = robot.lookup("#main-view").queryAs(Parent.class);
        visit(root, node -> {
            if (node instanceof Labeled labeled && shown(labeled) && labeled.getText() != null) {
                String whole = labeled.getText().strip();
                for (Node child : labeled.getChildrenUnmodifiable()) {
                    if (child instanceof Text text && child.isVisible() && text.getText() != null) {
                        String shownText = text.getText().strip();
                        // JavaFX shortens with an ellipsis; any other difference is a text set since the last
                        // layout pulse (a live figure such as the latency), not a cut.
                        boolean shortened = shownText.endsWith("…") || shownText.endsWith("...");
                        if (!whole.isEmpty()
                                && shortened
                                && !shownText.equals(whole)
                                && !whole.replace("_", "").equals(shownText)) {
                            cut.add(screen + ": '" + whole + "' shown as '" + shownText + "' (" + describe(labeled)
                                    + ")");
                        }
                    }
                }
            }
        });
        return cut;
    }

    private static String describe(Node node) {
        return node.getClass().getSimpleName() + (node.getId() == null ? "" : " #" + node.getId());
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private static void visit(Node node, java.util.function.Consumer<Node> action) {
        action.accept(node);
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                visit(child, action);
            }
        }
    }
}
