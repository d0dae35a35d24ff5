package dev.rooremote.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.connect.LinkState;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.status.Notification;
import dev.rooremote.console.testing.RecordingNotifier;
import dev.rooremote.console.testing.ScriptedDialogs;
import dev.rooremote.console.testing.TestLink;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console notifies as the relay's Web Push does: each ask still open a moment later once, a
 * session's next notification in place of its last, withdrawn once handled elsewhere, nothing for what
 * a snapshot or a replay shows, and actions that act on exactly the ask notified.
 */
class AttentionNotificationsTest {

    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Capabilities BRIDGE = new Capabilities(true, true, true);
    private static final PendingAsk WRITE = new PendingAsk(
            "t1", 5, "tool", PendingAsk.Category.INTERACTIVE, "{\"tool\":\"newFileCreated\",\"path\":\"a.txt\"}");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private MainViewModel main;
    private TestLink link;
    private RelayViewModel relay;

    @AfterEach
    void stop() {
        main.close();
        timer.shutdownNow();
    }

    private static SessionInfo info(String id, TaskSummary task, PendingAsk ask) {
        return new SessionInfo(id, id, EndpointKind.DEMO, ConnectionStatus.CONNECTED, BRIDGE, task, ask);
    }

    private void connect(Role role, Duration settle, SessionInfo... shown) {
        main = new MainViewModel(UiExecutor.sameThread(), new ScriptedDialogs(), timer, notifier, settle);
        List<SessionInfo> sessions = List.of(shown);
        link = new TestLink(role, sessions);
        relay = main.add("build-1", link);
        for (SessionInfo info : sessions) {
            link.push(new ServerMessage.Snapshot(
                    info.sessionId(),
                    0,
                    new SessionSnapshot(info, "code", List.of(), List.of(), List.of(), List.of())));
        }
        link.state(LinkState.connected());
        relay.flushBridge();
    }

    private void connect(Role role) {
        connect(role, SETTLE, info("one", null, null), info("two", null, null));
    }

    private void event(String session, long seq, SessionEvent event) {
        link.push(new ServerMessage.Event(session, seq, seq, event));
        relay.flushBridge();
    }

    private void asks(String session, PendingAsk ask) {
        event(session, 1, new SessionEvent.TaskStarted(ask.taskId(), "do it", null));
        event(session, 2, new SessionEvent.TaskStateChanged(ask.taskId(), TaskState.NEEDS_INPUT));
        event(session, 3, new SessionEvent.AskPending(ask));
    }

    private SessionViewModel session(String id) {
        return main.sessions().stream()
                .filter(s -> s.sessionId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anAskStillOpenIsNotifiedOnceThenWithdrawnWhenHandledElsewhereAndTheFinishedTaskReplacesIt() {
        connect(Role.OPERATOR);
        asks("two", WRITE);
        // The same ask again, as after a reconnect or a relay restart.
        event("two", 3, new SessionEvent.AskPending(WRITE));
        event("two", 4, new SessionEvent.AskPending(WRITE));

        await().atMost(WAIT).until(() -> notifier.shown.size() == 1);
        Notification shown = notifier.shown.get(0);
        assertThat(shown.group()).isEqualTo("build-1/two");
        assertThat(shown.title()).isEqualTo("two needs you");
        assertThat(shown.text()).isEqualTo("Roo wants to create a.txt.");
        assertThat(shown.actions()).extracting(Notification.Action::label).containsExactly("Approve", "Deny");
        await().during(SETTLE.multipliedBy(3)).atMost(WAIT).until(() -> notifier.shown.size() == 1);
        // Roo restates the same ask (same task and ts): still that ask, so its notification stays.
        event(
                "two",
                5,
                new SessionEvent.AskPending(new PendingAsk(
                        "t1",
                        5,
                        "tool",
                        PendingAsk.Category.INTERACTIVE,
                        "{\"tool\":\"newFileCreated\",\"path\":\"a.txt\",\"content\":\"x\"}")));
        assertThat(notifier.withdrawn).isEmpty();

        // Someone approved it on their phone.
        event("two", 6, new SessionEvent.AskResolved("t1", 5, SessionEvent.Resolution.ANSWERED));
        assertThat(notifier.withdrawn).containsExactly(shown);

        event("two", 7, new SessionEvent.TaskStateChanged("t1", TaskState.COMPLETED));
        await().atMost(WAIT).until(() -> notifier.shown.size() == 2);
        assertThat(notifier.shown.get(1).group())
                .as("the session's notification, replaced")
                .isEqualTo("build-1/two");
        assertThat(notifier.shown.get(1).title()).isEqualTo("two finished");
        assertThat(notifier.shown.get(1).actions()).isEmpty();
    }

    @Test
    void sessionsOfTheSameNameOnTwoRelaysNotifyApartAndClosingTheConsoleTakesTheirNotificationsAway() {
        connect(Role.OPERATOR);
        TestLink second = new TestLink(Role.OPERATOR, List.of(info("two", null, null)));
        RelayViewModel other = main.add("build-2", second);
        second.push(new ServerMessage.Snapshot(
                "two",
                0,
                new SessionSnapshot(info("two", null, null), "code", List.of(), List.of(), List.of(), List.of())));
        second.state(LinkState.connected());
        other.flushBridge();

        asks("two", WRITE);
        second.push(new ServerMessage.Event("two", 1, 1, new SessionEvent.TaskStarted("t1", "do it", null)));
        second.push(new ServerMessage.Event("two", 2, 2, new SessionEvent.AskPending(WRITE)));
        other.flushBridge();

        await().atMost(WAIT).until(() -> notifier.shown.size() == 2);
        assertThat(notifier.shown)
                .extracting(Notification::group)
                .containsExactlyInAnyOrder("build-1/two", "build-2/two");

        main.close();
        assertThat(notifier.withdrawn).containsExactlyInAnyOrderElementsOf(notifier.shown);
    }

    @Test
    void anAskAnsweredWithinTwoSecondsIsNotNotified() {
        connect(Role.OPERATOR, MainViewModel.SETTLE, info("one", null, null), info("two", null, null));
        asks("two", WRITE);
        event("two", 4, new SessionEvent.AskResolved("t1", 5, SessionEvent.Resolution.ANSWERED));

        await().during(MainViewModel.SETTLE.plusSeconds(1)).atMost(WAIT).until(notifier.shown::isEmpty);
    }

    @Test
    void whatASnapshotShowsOnConnectingOrReconnectingIsNotNews() {
        TaskSummary done = new TaskSummary("t0", "earlier", TaskState.COMPLETED, 1, 2, null, null);
        connect(Role.OPERATOR, SETTLE, info("one", done, null), info("two", null, WRITE));
        // The relay restarted: a fresh snapshot, and the still-open ask announced again.
        link.push(new ServerMessage.Snapshot(
                "two",
                0,
                new SessionSnapshot(info("two", null, WRITE), "code", List.of(), List.of(), List.of(), List.of())));
        relay.flushBridge();
        event("two", 1, new SessionEvent.AskPending(WRITE));

        await().during(SETTLE.multipliedBy(4)).atMost(WAIT).until(notifier.shown::isEmpty);
    }

    @Test
    void aFailedRequestIsNotifiedAndACommandsTextIsNot() {
        connect(Role.OPERATOR);
        // The window is in the background: even the selected session notifies.
        main.windowFocusedProperty().set(false);
        asks("one", new PendingAsk("t1", 5, "api_req_failed", PendingAsk.Category.IDLE, "401 Unauthorized"));
        asks("two", new PendingAsk("t2", 7, "command", PendingAsk.Category.INTERACTIVE, "curl -H 'Token: s3cret'"));

        await().atMost(WAIT).until(() -> notifier.shown.size() == 2);
        assertThat(notifier.shown)
                .extracting(Notification::title, Notification::text)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "one stopped", "A request to the model failed. A message continues the task."),
                        org.assertj.core.groups.Tuple.tuple("two needs you", "Roo wants to run a command."));
    }

    @Test
    void aViewerIsNotAskedWhatTheyCannotAnswerButHearsOfAFinishedTask() {
        connect(Role.VIEWER);
        asks("two", WRITE);
        event("two", 4, new SessionEvent.AskResolved("t1", 5, SessionEvent.Resolution.ANSWERED));
        event("two", 5, new SessionEvent.TaskStateChanged("t1", TaskState.COMPLETED));

        await().atMost(WAIT).until(() -> notifier.shown.size() == 1);
        assertThat(notifier.titles()).containsExactly("two finished");
        await().during(SETTLE.multipliedBy(3)).atMost(WAIT).until(() -> notifier.shown.size() == 1);
    }

    @Test
    void approveActsOnExactlyTheNotifiedAskAndAStaleOneOnNothing() {
        connect(Role.OPERATOR);
        asks("two", WRITE);
        await().atMost(WAIT).until(() -> notifier.shown.size() == 1);

        notifier.choose(0, AttentionNotifications.APPROVE);
        ClientMessage.Approve approve = link.last(ClientMessage.Approve.class);
        assertThat(approve.sessionId()).isEqualTo("two");
        assertThat(approve.taskId()).isEqualTo("t1");
        assertThat(approve.askTs()).isEqualTo(5);

        // The ask is answered and Roo asks the next thing; a late tap on the first notification acts on nothing.
        event("two", 4, new SessionEvent.AskResolved("t1", 5, SessionEvent.Resolution.ANSWERED));
        event(
                "two",
                5,
                new SessionEvent.AskPending(
                        new PendingAsk("t1", 9, "command", PendingAsk.Category.INTERACTIVE, "rm -rf build")));
        int sent = link.requests.size();
        notifier.choose(0, AttentionNotifications.DENY);
        notifier.choose(0, AttentionNotifications.APPROVE);
        assertThat(link.requests).hasSize(sent);
        assertThat(session("two").noticeProperty().get())
                .isEqualTo("Already handled: Roo no longer waits for that ask, so nothing was approved.");
    }

    @Test
    void aFollowupOffersOnlyOpenWhichBringsTheSessionToTheFront() {
        connect(Role.OPERATOR);
        AtomicInteger fronted = new AtomicInteger();
        main.setToFront(fronted::incrementAndGet);
        asks(
                "two",
                new PendingAsk("t1", 5, "followup", PendingAsk.Category.INTERACTIVE, "{\"question\":\"Which port?\"}"));
        await().atMost(WAIT).until(() -> notifier.shown.size() == 1);
        assertThat(notifier.shown.get(0).text()).isEqualTo("Which port?");
        assertThat(notifier.shown.get(0).actions()).isEmpty();

        notifier.choose(0, Notification.OPEN);
        assertThat(main.selectedProperty().get()).isSameAs(session("two"));
        assertThat(fronted).hasValue(1);
    }
}
