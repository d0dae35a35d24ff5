package dev.rooremote.console.ui;

import static dev.rooremote.console.ui.ConsoleUi.completed;
import static dev.rooremote.console.ui.ConsoleUi.onFx;
import static dev.rooremote.console.ui.ConsoleUi.showing;
import static dev.rooremote.console.ui.ConsoleUi.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.session.SessionBadge;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.transcript.MessageViewModel;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console, headless, against a real relay (real TLS, WebSocket, event log) with two demo Roo
 * sessions: what a person does, through the window's own controls.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleAgainstRelayUiTest {

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
    void connectsAfterTheUserTrustsTheFingerprintAndShowsBothSessions(FxRobot robot) {
        robot.interact(() -> ui.window.showConnectDialog());
        robot.interact(() -> {
            robot.lookup("#connect-url").queryAs(TextField.class).setText(relay.url());
            robot.lookup("#connect-user").queryAs(TextField.class).setText("alice");
            robot.lookup("#connect-password").queryAs(TextField.class).setText(relay.password("alice"));
        });
        robot.clickOn("#connect-button");

        await().atMost(WAIT).until(() -> showing(robot, "#dialog-trust"));
        Label fingerprint = robot.lookup("#dialog-fingerprint").queryAs(Label.class);
        assertThat(fingerprint.getText().replace("\n", "")).isEqualTo(relay.fingerprint());
        assertThat(fingerprint.getChildrenUnmodifiable())
                .filteredOn(javafx.scene.text.Text.class::isInstance)
                .singleElement()
                .satisfies(shown -> assertThat(((javafx.scene.text.Text) shown).getText())
                        .as("the whole fingerprint, not cut")
                        .isEqualTo(fingerprint.getText()));
        robot.clickOn("#dialog-trust");

        await().atMost(WAIT).until(() -> tabs(robot).getTabs().size() == 2);
        // the "connect to a relay" hint goes: it would show through the session's forms
        assertThat(robot.lookup("#no-sessions-hint").query().isVisible()).isFalse();
        assertThat(ui.store.fingerprint(relay.url())).contains(relay.fingerprint());
        assertThat(ui.store.connections()).singleElement().satisfies(c -> {
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
        // the badge follows the same update as the task's state, applied on the FX thread
        await().atMost(WAIT).until(() -> completed(session) && session.badge() == SessionBadge.IDLE);
        MessageViewModel reply = session.transcript().messages().stream()
                .filter(m -> m.kind() == MessageKind.ASSISTANT)
                .filter(m -> m.message().text() != null && m.message().text().length() > 2000)
                .findFirst()
                .orElseThrow();
        assertThat(reply.streaming()).isFalse();
        assertThat(robot.lookup(".message-completion").tryQuery()).isPresent();
    }

    /** Before any task, the prompt's Mode box names the mode a new task runs in, the session's. */
    @Test
    void theModeBoxShowsTheSessionsModeBeforeAnyTask(FxRobot robot) {
        connectAs(robot, "bob");
        ComboBox<?> mode = (ComboBox<?>) visible(robot, "#mode-picker");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                        WaitForAsyncUtils.asyncFx(() -> shownText(mode)).get())
                .isEqualTo("Code"));
        assertThat(mode.getValue())
                .as("no mode picked: a new task runs in the session's")
                .isNull();
    }

    /** What a ComboBox shows in its box: the text of the cell its skin displays. */
    private static String shownText(ComboBox<?> box) {
        Node shown = ((ComboBoxListViewSkin<?>) box.getSkin()).getDisplayNode();
        return shown instanceof ListCell<?> cell ? cell.getText() : "(" + shown + ")";
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
    void anApprovalFromTheConsoleLetsRooWriteTheFileAndIsAudited(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "bob").get(0);
        ui.select(robot, session);
        robot.clickOn(visible(robot, "#prompt")).write("Add a usage section to the README");
        robot.clickOn(visible(robot, "#new-task-button"));

        ConsoleUi.approve(robot, session, WAIT);

        await().atMost(WAIT).until(() -> completed(session));
        assertThat(session.transcript().messages())
                .noneMatch(m -> m.message().text() != null && m.message().text().contains("No changes made"));
        List<AuditLog.Entry> approvals =
                relay.runtime().audit().query(new AuditLog.Query(null, "bob", "approve", null, null, 10));
        assertThat(approvals).anySatisfy(entry -> assertThat(entry.detail()).contains("README.md"));
    }

    @Test
    void cancellingAskedFirstThenTheTaskCanBeResumed(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "bob").get(1);
        ui.select(robot, session);
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
    void anAdminSwitchesRoosProviderProfileAndTheSettingsShowItLive(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "alice").get(0);
        robot.clickOn(visible(robot, "#settings-tab"));
        await().atMost(WAIT).until(() -> session.settings().loadedProperty().get());
        await().atMost(WAIT).until(() -> "default"
                .equals(session.profiles().activeProperty().get()));
        assertThat(robot.lookup("#settings-source").queryLabeled().getText()).startsWith("Roo's live settings");
        assertThat(robot.lookup("#settings-provider").queryComboBox().getValue())
                .isEqualTo("anthropic");
        // the mode by the name Roo lists, not its slug
        await().atMost(WAIT)
                .until(
                        () -> onFx(() -> ((ComboBox<?>)
                                        robot.lookup("#settings-mode").queryComboBox())
                                .getEditor()
                                .getText()),
                        "Code"::equals);
        try {
            robot.interact(
                    () -> robot.lookup("#settings-profile").queryComboBox().setValue("local"));
            robot.clickOn(visible(robot, "#settings-use-profile"));

            await().atMost(WAIT).until(() -> "local"
                    .equals(session.profiles().activeProperty().get()));
            await().atMost(WAIT).until(() -> "openai"
                    .equals(robot.lookup("#settings-provider").queryComboBox().getValue()));
            assertThat(robot.lookup("#settings-model").queryAs(TextField.class).getText())
                    .isEqualTo("qwen3-coder");
            assertThat(robot.lookup("#settings-profile-message").queryLabeled().getText())
                    .contains("Roo now uses local");
            assertThat(robot.lookup("#settings-use-profile")
                            .queryAs(Button.class)
                            .isDisabled())
                    .isTrue();
            assertThat(RelayFixtures.setting(relay, session.sessionId(), "currentApiConfigName"))
                    .isEqualTo("local");
            assertThat(relay.runtime()
                            .audit()
                            .query(new AuditLog.Query(null, "alice", "use_profile", session.sessionId(), "ok", 10)))
                    .isNotEmpty();
        } finally {
            robot.interact(() -> session.profiles().selectedProperty().set("default"));
            robot.interact(() -> session.profiles().use());
            await().atMost(WAIT).until(() -> "default"
                    .equals(session.profiles().activeProperty().get()));
        }
    }

    @Test
    void ctrlPageDownSwitchesSessionsEvenFromInsideASessionAndF1ListsTheShortcuts(FxRobot robot) {
        List<SessionViewModel> sessions = connectAs(robot, "alice");
        ui.select(robot, sessions.get(0));
        // focus inside the session: its own Live/History/Settings tabs would take the keys
        robot.clickOn(visible(robot, "#history-tab"));
        robot.press(javafx.scene.input.KeyCode.CONTROL)
                .type(javafx.scene.input.KeyCode.PAGE_DOWN)
                .release(javafx.scene.input.KeyCode.CONTROL);
        await().atMost(WAIT)
                .until(() -> ui.window.viewModel().selectedProperty().get() == sessions.get(1));
        robot.press(javafx.scene.input.KeyCode.CONTROL)
                .type(javafx.scene.input.KeyCode.PAGE_UP)
                .release(javafx.scene.input.KeyCode.CONTROL);
        await().atMost(WAIT)
                .until(() -> ui.window.viewModel().selectedProperty().get() == sessions.get(0));

        robot.type(javafx.scene.input.KeyCode.F1);
        await().atMost(WAIT).until(() -> showing(robot, "#dialog-text-view"));
        assertThat(robot.lookup("#dialog-text-view")
                        .queryAs(javafx.scene.control.TextArea.class)
                        .getText())
                .contains("Ctrl+Page Down/Up   Next / previous session");
    }

    @Test
    void aViewerSeesSettingsReadOnly(FxRobot robot) {
        SessionViewModel session = connectAs(robot, "carol").get(0);
        robot.clickOn(visible(robot, "#settings-tab"));
        await().atMost(WAIT).until(() -> session.settings().loadedProperty().get());
        assertThat(robot.lookup("#settings-save").queryAs(Button.class).isDisabled())
                .isTrue();
        assertThat(visible(robot, "#settings-alwaysAllowWrite").isDisabled()).isTrue();
        // a viewer sees which profile Roo uses, but has no way to switch it
        await().atMost(WAIT).until(() -> "default"
                .equals(session.profiles().activeProperty().get()));
        assertThat(robot.lookup("#settings-use-profile").queryAs(Button.class).isVisible())
                .isFalse();
        assertThat(robot.lookup("#prompt")
                        .queryAs(javafx.scene.control.TextArea.class)
                        .isDisabled())
                .isTrue();
    }

    @Test
    void aChangedCertificateIsRefusedWithAnExplanation(FxRobot robot) {
        ui.store.trust(
                relay.url(),
                "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:" + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
        robot.interact(() -> {
            ui.window.connectViewModel().urlProperty().set(relay.url());
            ui.window.connectViewModel().userProperty().set("alice");
            ui.window.connectViewModel().passwordProperty().set(relay.password("alice"));
            ui.window.connectViewModel().connect(link -> ui.window.viewModel().add(link));
        });

        await().atMost(WAIT).until(() -> showing(robot, "#dialog-ok"));
        assertThat(robot.lookup(".dialog-pane .content").queryLabeled().getText())
                .contains("different certificate")
                .contains(relay.fingerprint());
        robot.clickOn("#dialog-ok");
        assertThat(ui.window.viewModel().sessions()).isEmpty();
    }

    private List<SessionViewModel> connectAs(FxRobot robot, String user) {
        return ui.connectAs(robot, relay, user, 2, WAIT);
    }

    private static TabPane tabs(FxRobot robot) {
        return robot.lookup("#session-tabs").queryAs(TabPane.class);
    }
}
