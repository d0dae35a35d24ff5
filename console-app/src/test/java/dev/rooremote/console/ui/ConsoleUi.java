package dev.rooremote.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.app.ConsoleWindow;
import dev.rooremote.console.app.Theme;
import dev.rooremote.console.connect.ClientRelayConnector;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.fx.FxUiExecutor;
import dev.rooremote.console.session.SessionBadge;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.status.Notifier;
import dev.rooremote.console.testing.RecordingNotifier;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.testsupport.RelayFixture;
import dev.rooremote.testsupport.data.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console window as its UI tests drive it: opened before each test on TestFX's primary stage with
 * a fresh connection store and closed after it, connected to a relay as a user, and its controls
 * looked up by id in the selected tab.
 *
 * <p>A test class registers it next to TestFX's extension, which gives the tests their
 * {@code FxRobot}: {@code @ExtendWith(ApplicationExtension.class)} and
 * {@code @RegisterExtension final ConsoleUi ui = new ConsoleUi();}.
 */
final class ConsoleUi implements BeforeEachCallback, AfterEachCallback {

    ConsoleWindow window;
    ConnectionStore store;
    private Path config;
    final RecordingNotifier notifications = new RecordingNotifier();
    private final Function<Window, Notifier> notifiers;

    /** The console with its notifications recorded in {@link #notifications}. */
    ConsoleUi() {
        this.notifiers = w -> notifications;
    }

    /** The console with the notifier {@code notifiers} makes for its window. */
    ConsoleUi(Function<Window, Notifier> notifiers) {
        this.notifiers = notifiers;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        config = Files.createTempDirectory("console-ui-config");
        store = new ConnectionStore(config);
        FxToolkit.setupStage(this::open);
    }

    private void open(Stage stage) {
        Theme.apply(false);
        window =
                new ConsoleWindow(stage, new ClientRelayConnector(), store, new FxUiExecutor(), notifiers, Theme.LIGHT);
        stage.show();
        stage.requestFocus();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            FxToolkit.cleanupStages();
        } finally {
            TestFiles.deleteTree(config);
        }
    }

    /**
     * Connects as {@code user} with the relay's certificate already trusted and waits until the
     * relay's {@code sessions} sessions are shown and connected.
     */
    List<SessionViewModel> connectAs(FxRobot robot, RelayFixture relay, String user, int sessions, Duration wait) {
        store.trust(relay.url(), relay.fingerprint());
        robot.interact(() -> {
            window.connectViewModel().urlProperty().set(relay.url());
            window.connectViewModel().userProperty().set(user);
            window.connectViewModel().passwordProperty().set(relay.password(user));
            window.connectViewModel().connect(link -> window.viewModel().add(link));
        });
        await().atMost(wait)
                .until(() -> window.viewModel().sessions().size() == sessions
                        && window.viewModel().sessions().stream()
                                .allMatch(s -> s.badge() != SessionBadge.DISCONNECTED));
        WaitForAsyncUtils.waitForFxEvents();
        return List.copyOf(window.viewModel().sessions());
    }

    /** Shows {@code session}'s tab. */
    void select(FxRobot robot, SessionViewModel session) {
        robot.interact(() -> window.viewModel().selectedProperty().set(session));
    }

    /** {@code read} on the JavaFX thread (nodes are read there only), its result here. */
    static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(read).get();
    }

    /** True once a dialog's node is on screen and can be clicked. */
    static boolean showing(FxRobot robot, String id) {
        return robot.lookup(id)
                .match(n -> n.isVisible()
                        && n.getScene() != null
                        && n.getScene().getWindow() != null
                        && n.getScene().getWindow().isShowing()
                        && n.getLayoutBounds().getWidth() > 0)
                // the robot clicks only nodes inside their scene's bounds: a dialog just shown may
                // not be sized yet
                .match(NodeQueryUtils.isVisible())
                .tryQuery()
                .isPresent();
    }

    /** True once a node with {@code id} is shown in the selected tab. */
    static boolean shown(FxRobot robot, String id) {
        return robot.lookup(id).match(ConsoleUi::onScreen).tryQuery().isPresent();
    }

    /** The node with {@code id} in the selected session's tab (every tab has the same ids). */
    static Node visible(FxRobot robot, String id) {
        return robot.lookup(id).match(ConsoleUi::onScreen).query();
    }

    private static boolean onScreen(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    /**
     * Waits until the session's Approve button can be pressed (every tab has one: the one on screen is
     * this session's), checks the session says it needs the person, and presses it.
     */
    static void approve(FxRobot robot, SessionViewModel session, Duration wait) {
        await().atMost(wait).until(() -> robot.lookup("#approve-button")
                .match(n -> onScreen(n) && !n.isDisabled())
                .tryQuery()
                .isPresent());
        assertThat(session.badge()).isEqualTo(SessionBadge.NEEDS_YOU);
        robot.clickOn(visible(robot, "#approve-button"));
    }

    /** True when the session's current task has completed. */
    static boolean completed(SessionViewModel session) {
        return session.infoProperty().get().task() != null
                && session.infoProperty().get().task().state() == TaskState.COMPLETED;
    }
}
