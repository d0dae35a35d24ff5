package dev.rooremote.console.ui;

import static dev.rooremote.console.ui.ConsoleUi.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.app.ConsoleWindow;
import dev.rooremote.console.app.Theme;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.connect.RelayConnector;
import dev.rooremote.console.fx.FxUiExecutor;
import dev.rooremote.console.testing.RecordedTranscripts;
import dev.rooremote.console.testing.TestLink;
import dev.rooremote.console.transcript.MessageViewModel;
import dev.rooremote.console.transcript.TranscriptView;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.SayKind;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real window, headless, rendering real recorded Roo traffic pushed through the console's
 * bridge: every message kind renders without error and streamed messages stay one cell.
 */
@ExtendWith(ApplicationExtension.class)
class TranscriptRenderingUiTest {

    private final SessionInfo one = info("demo-1");
    private final SessionInfo two = info("demo-2");
    private final TestLink link = new TestLink(Role.ADMIN, List.of(one, two));
    private ConsoleWindow window;

    private static SessionInfo info(String id) {
        return new SessionInfo(
                id, id, EndpointKind.DEMO, ConnectionStatus.CONNECTED, Capabilities.stockIpc(), null, null);
    }

    @Start
    void start(Stage stage) throws Exception {
        RelayConnector unused = new RelayConnector() {
            @Override
            public String fetchFingerprint(java.net.URI url) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.rooremote.console.connect.RelayLink connect(
                    java.net.URI url, Credentials c, String f, java.util.function.Consumer<String> r) {
                throw new UnsupportedOperationException();
            }
        };
        Theme.apply(false);
        window = new ConsoleWindow(
                stage,
                unused,
                new ConnectionStore(Files.createTempDirectory("console-ui")),
                new FxUiExecutor(),
                w -> new dev.rooremote.console.testing.RecordingNotifier(),
                Theme.LIGHT);
        stage.show();
        stage.requestFocus();
    }

    @Test
    void rendersRecordedTrafficInTabs(FxRobot robot) {
        SessionState relay = showSessions(robot);
        long seq = 0;
        Set<String> started = new HashSet<>();
        for (RecordedTranscripts.RooMessage m : RecordedTranscripts.messages("02")) {
            if (started.add(m.taskId())) {
                seq = push(relay, seq, new SessionEvent.TaskStarted(m.taskId(), null, null));
            }
            seq = push(relay, seq, relay.messageEvent(m.taskId(), m.message()));
        }

        TabPane tabs = robot.lookup("#session-tabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).hasSize(2);
        int expected = (int) relay.transcript(started.iterator().next()).orElseThrow().stream()
                .filter(m -> !(m.isAsk() && "completion_result".equals(String.valueOf(m.ask()))))
                .count();
        ListView<MessageViewModel> transcript = transcriptOf("demo-1", robot);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(transcript.getItems()).hasSize(expected));
        robot.interact(() -> transcript.scrollTo(transcript.getItems().size() - 1));
        assertThat(robot.lookup(".message-completion").tryQuery()).isPresent();
        assertThat(robot.lookup(".message-tool").tryQuery()).isPresent();
    }

    @Test
    void followsNewOutputThroughAnAskUntilThePersonScrollsUp(FxRobot robot) throws Exception {
        SessionState relay = showSessions(robot);
        long seq = push(relay, 0, new SessionEvent.TaskStarted("t1", "Write a lot", null));
        seq = push(relay, seq, new SessionEvent.TaskStateChanged("t1", TaskState.RUNNING));
        long ts = 1_000;
        for (int i = 0; i < 40; i++) {
            seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.say(ts++, SayKind.TEXT, "Line " + i, false)));
        }
        ListView<MessageViewModel> list = transcriptOf("demo-1", robot);
        TranscriptView view = (TranscriptView) list.getParent();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(list.getItems()).hasSize(40));
        await().atMost(Duration.ofSeconds(15)).until(() -> onFx(view::isAtBottom));

        // A followup: the ask bar opens below the transcript and makes it shorter.
        String question = "{\"question\":\"Which language?\",\"suggest\":[{\"answer\":\"English\"}]}";
        long askTs = ts++;
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.ask(askTs, AskKind.FOLLOWUP, question, false)));
        seq = push(relay, seq, new SessionEvent.TaskStateChanged("t1", TaskState.NEEDS_INPUT));
        seq = push(
                relay,
                seq,
                new SessionEvent.AskPending(
                        new PendingAsk("t1", askTs, "followup", PendingAsk.Category.INTERACTIVE, question)));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(list.getItems()).hasSize(41));
        seq = push(relay, seq, new SessionEvent.AskResolved("t1", askTs, SessionEvent.Resolution.ANSWERED));
        seq = push(relay, seq, new SessionEvent.TaskStateChanged("t1", TaskState.RUNNING));
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.say(ts++, SayKind.TEXT, "After the ask", false)));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(list.getItems()).hasSize(42));
        await().atMost(Duration.ofSeconds(15))
                .alias("still at the bottom after the ask")
                .until(() -> onFx(view::isAtBottom));

        // Once the ask bar has gone, back to the top to read from the start (Home in the list).
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents(5);
        robot.clickOn(list).type(KeyCode.HOME);
        // On a loaded machine the first key may reach the list before it has focus: press it again.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (onFx(view::following)) {
                        robot.type(KeyCode.HOME);
                    }
                    return !onFx(view::following);
                });
        push(relay, seq, relay.messageEvent("t1", ClineMessage.say(ts, SayKind.TEXT, "More", false)));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(list.getItems()).hasSize(43));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents(5);
        assertThat(onFx(view::isAtBottom))
                .as("reading above: left where it was")
                .isFalse();
    }

    @Test
    void aCommandsOutputShowsEveryLineNotAnEllipsis(FxRobot robot) throws Exception {
        SessionState relay = showSessions(robot);
        long seq = push(relay, 0, new SessionEvent.TaskStarted("t1", "Run the tests", null));
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.say(1, SayKind.TEXT, "Run the tests", false)));
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.ask(2, AskKind.COMMAND, "npm test", false)));
        String output = "\n> demo@1.0.0 test\n> node --test\n\n✔ parses the config\n✔ streams deltas\nℹ pass 2\n";
        push(relay, seq, relay.messageEvent("t1", ClineMessage.say(3, SayKind.COMMAND_OUTPUT, output, false)));

        // the list may render its cells again between two lookups: each check reads the nodes afresh on the FX thread
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onFx(() ->
                        robot
                                .lookup(".message-command_output .code-text")
                                .queryAllAs(javafx.scene.text.Text.class)
                                .stream()
                                .map(javafx.scene.text.Text::getText)
                                .toList()))
                .as("the command's output, whole")
                .contains(output));
        double lineHeight =
                onFx(() -> new javafx.scene.text.Text("x").getLayoutBounds().getHeight());
        // the cell may be found before its first layout
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onFx(() ->
                        robot
                                .lookup(".message-command_output .code-text")
                                .queryAllAs(javafx.scene.text.Text.class)
                                .stream()
                                .filter(t -> output.equals(t.getText()))
                                .mapToDouble(
                                        t -> t.getParent().getLayoutBounds().getHeight())
                                .max()
                                .orElse(0)))
                .as("all 7 lines of the output are laid out")
                .isGreaterThan(6 * lineHeight));
    }

    @Test
    void aCommandsExitStatusShowsBesideItsOutputAndAFailureIsMarked(FxRobot robot) throws Exception {
        SessionState relay = showSessions(robot);
        long seq = push(relay, 0, new SessionEvent.TaskStarted("t1", "Run the tests", null));
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.ask(1, AskKind.COMMAND, "npm test", false)));
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.say(2, SayKind.COMMAND_OUTPUT, "ok\n", false)));
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.ask(3, AskKind.COMMAND, "npm run lint", false)));
        seq = push(
                relay, seq, relay.messageEvent("t1", ClineMessage.say(4, SayKind.COMMAND_OUTPUT, "2 errors\n", false)));
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.ask(5, AskKind.COMMAND, "make", false)));
        seq = push(relay, seq, relay.messageEvent("t1", ClineMessage.say(6, SayKind.COMMAND_OUTPUT, "built\n", false)));
        ListView<MessageViewModel> list = transcriptOf("demo-1", robot);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(list.getItems()).hasSize(6));
        // without a bridge nothing says how a command ended
        assertThat(robot.lookup(".exit-status").tryQuery()).isEmpty();

        // the relay adds the statuses the bridge reported to the output messages
        ClineMessage ok = relay.message("t1", 2).orElseThrow();
        seq = push(relay, seq, relay.messageEvent("t1", ok.withExitStatus(ExitStatus.exited(0))));
        ClineMessage lint = relay.message("t1", 4).orElseThrow();
        seq = push(relay, seq, relay.messageEvent("t1", lint.withExitStatus(ExitStatus.exited(2))));
        ClineMessage make = relay.message("t1", 6).orElseThrow();
        push(relay, seq, relay.messageEvent("t1", make.withExitStatus(ExitStatus.killed("SIGTERM"))));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> robot.lookup(".exit-status").queryAll().size() == 3);
        List<javafx.scene.control.Label> shown =
                robot
                        .lookup(".message-command_output .exit-status")
                        .queryAllAs(javafx.scene.control.Label.class)
                        .stream()
                        .sorted(java.util.Comparator.comparingDouble(
                                l -> l.localToScene(l.getBoundsInLocal()).getMinY()))
                        .toList();
        assertThat(shown)
                .extracting(javafx.scene.control.Label::getText)
                .containsExactly("exit 0", "✗ exit 2", "✗ killed by SIGTERM");
        assertThat(shown.get(0).getStyleClass()).contains("exit-ok").doesNotContain("exit-failed");
        assertThat(shown.get(1).getStyleClass()).contains("exit-failed");
        assertThat(shown.get(2).getStyleClass()).contains("exit-failed");
        assertThat(onFx(() -> shown.get(1).isVisible() && shown.get(1).getWidth() > 0))
                .isTrue();
        // the output itself is still there, beside its status
        assertThat(robot.lookup(".message-command_output .code-text").queryAllAs(javafx.scene.text.Text.class))
                .extracting(javafx.scene.text.Text::getText)
                .contains("2 errors\n");
    }

    @SuppressWarnings("unchecked")
    private ListView<MessageViewModel> transcriptOf(String sessionId, FxRobot robot) {
        Object items = window.viewModel().sessions().stream()
                .filter(s -> s.sessionId().equals(sessionId))
                .findFirst()
                .orElseThrow()
                .transcript()
                .messages();
        return robot.lookup("#transcript").queryAllAs(ListView.class).stream()
                .filter(l -> l.getItems() == items)
                .findFirst()
                .orElseThrow();
    }

    /** Adds the link's two sessions to the window, empty; returns the fold of demo-1 for pushing its events. */
    private SessionState showSessions(FxRobot robot) {
        robot.interact(() -> window.viewModel().add(link));
        for (SessionInfo s : List.of(one, two)) {
            link.push(new ServerMessage.Snapshot(
                    s.sessionId(), 0, new SessionSnapshot(s, "code", List.of(), List.of(), List.of(), List.of())));
        }
        return new SessionState("demo-1", "demo-1", EndpointKind.DEMO, Capabilities.stockIpc());
    }

    private long push(SessionState relay, long seq, SessionEvent event) {
        long next = seq + 1;
        relay.apply(next, next, event);
        link.push(new ServerMessage.Event("demo-1", next, next, event));
        return next;
    }
}
