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
import dev.rooremote.console.transcript.MessageViewModel;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.testsupport.RelayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console, headless, against a real relay (real TLS, WebSocket, event log) with two demo Roo
 * sessions: what a person does, through the window's own controls.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleAgainstRelayUiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RelayFixture relay;

    private ConsoleWindow window;
    private ConnectionStore store;
    private final List<String> notifications = new CopyOnWriteArrayList<>();

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

    @Start
    void start(Stage stage) throws Exception {
        Path config = Files.createTempDirectory("console-ui-config");
        store = new ConnectionStore(config);
        Theme.apply(false);
        window = new ConsoleWindow(
                stage,
                new ClientRelayConnector(),
                store,
                new FxUiExecutor(),
                w -> (title, text) -> notifications.add(title + ": " + text),
                Theme.LIGHT);
        stage.show();
        stage.requestFocus();
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void connectsAfterTheUserTrustsTheFingerprintAndShowsBothSessions(FxRobot robot) {
        robot.interact(() -> window.showConnectDialog());
        robot.interact(() -> {
            robot.lookup("#connect-url").queryAs(TextField.class).setText(relay.url());
            robot.lookup("#connect-user").queryAs(TextField.class).setText("alice");
            robot.lookup("#connect-password").queryAs(TextField.class).setText(relay.password("alice"));
        });
        robot.clickOn("#connect-button");

        await().atMost(WAIT).until(() -> showing(robot, "#dialog-trust"));
        assertThat(robot.lookup("#dialog-fingerprint").queryAs(TextField.class).getText())
                .isEqualTo(relay.fingerprint());
        robot.clickOn("#dialog-trust");

        await().atMost(WAIT).until(() -> tabs(robot).getTabs().size() == 2);
        assertThat(store.fingerprint(relay.url())).contains(relay.fingerprint());
        assertThat(store.connections()).singleElement().satisfies(c -> {
            assertThat(c.user()).isEqualTo("alice");
            assertThat(c.refreshToken()).isNotBlank();
        });
        await().atMost(WAIT).until(() -> robot.lookup("#status-connection")
                .queryLabeled()
                .getText()
                .contains("connected"));
    }

    @Test
    void aStreamedReplyArrivesInTheTranscript(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "bob").get(0);
        robot.clickOn(visible(robot, "#prompt")).write("Explain the relay at length: long 3000");
        robot.clickOn(visible(robot, "#new-task-button"));

        await().atMost(WAIT).until(() -> session.badge() == SessionBadge.RUNNING || completed(session));
        await().atMost(WAIT).until(() -> completed(session));
        MessageViewModel reply = session.transcript().messages().stream()
                .filter(m -> m.kind() == MessageKind.ASSISTANT)
                .filter(m -> m.message().text() != null && m.message().text().length() > 2000)
                .findFirst()
                .orElseThrow();
        assertThat(reply.streaming()).isFalse();
        assertThat(robot.lookup(".message-completion").tryQuery()).isPresent();
        assertThat(session.badge()).isEqualTo(SessionBadge.IDLE);
    }

    @Test
    void aFollowupIsAnsweredWithASuggestion(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "bob").get(0);
        robot.clickOn(visible(robot, "#prompt")).write("Ask me a followup question first");
        robot.clickOn(visible(robot, "#new-task-button"));

        await().atMost(WAIT).until(() -> robot.lookup("#suggestion-1")
                .match(javafx.scene.Node::isVisible)
                .tryQuery()
                .isPresent());
        assertThat(session.badge()).isEqualTo(SessionBadge.NEEDS_YOU);
        robot.clickOn(visible(robot, "#suggestion-1"));

        await().atMost(WAIT)
                .until(() -> session.pendingAskProperty().get() == null
                        || !session.pendingAskProperty().get().isFollowup());
        await().atMost(WAIT).until(() -> session.transcript().messages().stream()
                .anyMatch(m -> m.kind() == MessageKind.USER
                        && "German".equals(m.message().text())));
    }

    @Test
    void cancellingAskedFirstThenTheTaskCanBeResumed(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "bob").get(1);
        robot.interact(() -> selectTab(robot, session));
        robot.clickOn(visible(robot, "#prompt")).write("Write it all down: long 60000");
        robot.clickOn(visible(robot, "#new-task-button"));
        await().atMost(WAIT)
                .until(() -> session.transcript().messages().stream().anyMatch(MessageViewModel::streaming));

        robot.clickOn(visible(robot, "#cancel-button"));
        await().atMost(WAIT).until(() -> showing(robot, "#dialog-confirm"));
        robot.clickOn("#dialog-confirm");

        await().atMost(WAIT).until(() -> session.canResumeBinding().get());
        assertThat(session.transcript().messages()).noneMatch(MessageViewModel::streaming);
        assertThat(session.transcript()
                        .messages()
                        .get(session.transcript().messages().size() - 1)
                        .kind())
                .isEqualTo(MessageKind.RESUME);
        robot.clickOn(visible(robot, "#resume-button"));
        await().atMost(WAIT).until(() -> !session.canResumeBinding().get());
    }

    @Test
    void anAdminChangesASettingAndTheRelayKeepsIt(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "alice").get(0);
        robot.clickOn(visible(robot, "#settings-tab"));
        await().atMost(WAIT).until(() -> session.settings().loadedProperty().get());
        boolean before = session.settings().approvalProperty("alwaysAllowWrite").get();
        robot.clickOn(visible(robot, "#settings-alwaysAllowWrite"));
        robot.clickOn(visible(robot, "#settings-save"));

        await().atMost(WAIT).until(() -> robot.lookup("#settings-message")
                .queryLabeled()
                .getText()
                .startsWith("Saved"));
        assertThat(RelayFixtures.setting(relay, session.sessionId(), "alwaysAllowWrite"))
                .isEqualTo(String.valueOf(!before));
    }

    @Test
    void aViewerSeesSettingsReadOnly(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "carol").get(0);
        robot.clickOn(visible(robot, "#settings-tab"));
        await().atMost(WAIT).until(() -> session.settings().loadedProperty().get());
        assertThat(robot.lookup("#settings-save").queryAs(Button.class).isDisabled())
                .isTrue();
        assertThat(visible(robot, "#settings-alwaysAllowWrite").isDisabled()).isTrue();
        assertThat(robot.lookup("#prompt")
                        .queryAs(javafx.scene.control.TextArea.class)
                        .isDisabled())
                .isTrue();
    }

    @Test
    void aChangedCertificateIsRefusedWithAnExplanation(FxRobot robot) {
        store.trust(
                relay.url(),
                "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:" + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
        robot.interact(() -> {
            window.connectViewModel().urlProperty().set(relay.url());
            window.connectViewModel().userProperty().set("alice");
            window.connectViewModel().passwordProperty().set(relay.password("alice"));
            window.connectViewModel().connect(link -> window.viewModel().add(link));
        });

        await().atMost(WAIT).until(() -> showing(robot, "#dialog-ok"));
        assertThat(robot.lookup(".dialog-pane .content").queryLabeled().getText())
                .contains("different certificate")
                .contains(relay.fingerprint());
        robot.clickOn("#dialog-ok");
        assertThat(window.viewModel().sessions()).isEmpty();
    }

    private List<SessionViewModel> connectAs(FxRobot robot, String user) {
        store.trust(relay.url(), relay.fingerprint());
        robot.interact(() -> {
            window.connectViewModel().urlProperty().set(relay.url());
            window.connectViewModel().userProperty().set(user);
            window.connectViewModel().passwordProperty().set(relay.password(user));
            window.connectViewModel().connect(link -> window.viewModel().add(link));
        });
        await().atMost(WAIT)
                .until(() -> window.viewModel().sessions().size() == 2
                        && window.viewModel().sessions().stream()
                                .allMatch(s -> s.badge() != SessionBadge.DISCONNECTED));
        WaitForAsyncUtils.waitForFxEvents();
        return List.copyOf(window.viewModel().sessions());
    }

    /** True once a dialog's node is on screen and can be clicked. */
    private static boolean showing(FxRobot robot, String id) {
        return robot.lookup(id)
                .match(n -> n.isVisible()
                        && n.getScene() != null
                        && n.getScene().getWindow() != null
                        && n.getScene().getWindow().isShowing()
                        && n.getLayoutBounds().getWidth() > 0)
                .tryQuery()
                .isPresent();
    }

    private static boolean completed(SessionViewModel session) {
        return session.infoProperty().get().task() != null
                && session.infoProperty().get().task().state() == dev.rooremote.protocol.relay.TaskState.COMPLETED;
    }

    private static TabPane tabs(FxRobot robot) {
        return robot.lookup("#session-tabs").queryAs(TabPane.class);
    }

    private void selectTab(FxRobot robot, SessionViewModel session) {
        window.viewModel().selectedProperty().set(session);
    }

    /** The node with {@code id} in the selected session's tab (every tab has the same ids). */
    private static javafx.scene.Node visible(FxRobot robot, String id) {
        return robot.lookup(id)
                .match(javafx.scene.Node::isVisible)
                .match(n -> {
                    for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
                        if (!p.isVisible()) {
                            return false;
                        }
                    }
                    return n.getScene() != null;
                })
                .query();
    }
}
