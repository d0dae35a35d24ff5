package dev.rooremote.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.connect.LinkState;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.session.SessionBadge;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.status.RelayStatus;
import dev.rooremote.console.testing.RecordingNotifier;
import dev.rooremote.console.testing.ScriptedDialogs;
import dev.rooremote.console.testing.TestLink;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainViewModelTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final MainViewModel main =
            new MainViewModel(UiExecutor.sameThread(), new ScriptedDialogs(), timer, notifier, Duration.ofMillis(200));
    private final TestLink link = new TestLink(Role.OPERATOR, List.of(info("one"), info("two")));

    @AfterEach
    void stop() {
        main.close();
        timer.shutdownNow();
    }

    private static SessionInfo info(String id) {
        return new SessionInfo(
                id, id, EndpointKind.DEMO, ConnectionStatus.CONNECTED, Capabilities.stockIpc(), null, null);
    }

    private RelayViewModel connect() {
        RelayViewModel relay = main.add(link);
        for (String id : List.of("one", "two")) {
            link.push(new ServerMessage.Snapshot(
                    id, 0, new SessionSnapshot(info(id), "code", List.of(), List.of(), List.of(), List.of())));
        }
        link.state(LinkState.connected());
        relay.flushBridge();
        return relay;
    }

    private SessionViewModel session(String id) {
        return main.sessions().stream()
                .filter(s -> s.sessionId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everySessionOfARelayIsWatchedAndTheFirstIsSelected() {
        connect();
        assertThat(link.watched).containsExactly("one", "two");
        assertThat(main.sessions()).extracting(SessionViewModel::sessionId).containsExactly("one", "two");
        assertThat(main.selectedProperty().get().sessionId()).isEqualTo("one");
        assertThat(session("two").badge()).isEqualTo(SessionBadge.IDLE);

        main.selectNext();
        assertThat(main.selectedProperty().get().sessionId()).isEqualTo("two");
        main.selectNext();
        assertThat(main.selectedProperty().get().sessionId()).isEqualTo("one");
        main.selectPrevious();
        assertThat(main.selectedProperty().get().sessionId()).isEqualTo("two");
    }

    @Test
    void aSessionNotInViewThatNeedsYouNotifiesOnce() {
        RelayViewModel relay = connect();
        PendingAsk ask = new PendingAsk("t1", 5, "followup", PendingAsk.Category.INTERACTIVE, "{\"question\":\"Q?\"}");
        for (String id : List.of("one", "two")) {
            link.push(new ServerMessage.Event(id, 1, 1, new SessionEvent.TaskStarted("t1", "do it", null)));
            link.push(
                    new ServerMessage.Event(id, 2, 2, new SessionEvent.TaskStateChanged("t1", TaskState.NEEDS_INPUT)));
            link.push(new ServerMessage.Event(id, 3, 3, new SessionEvent.AskPending(ask)));
        }
        // The same event again after a reconnect (the log resends from the last seen number).
        link.push(new ServerMessage.Event("two", 3, 3, new SessionEvent.AskPending(ask)));
        relay.flushBridge();

        await().atMost(Duration.ofSeconds(10)).until(() -> !notifier.shown.isEmpty());
        await().during(Duration.ofMillis(600)).until(() -> notifier.titles().equals(List.of("two needs you")));
        assertThat(session("two").badge()).isEqualTo(SessionBadge.NEEDS_YOU);
        assertThat(main.windowTitleBinding().get()).isEqualTo("(2) Roo Remote console · 2 sessions need you");

        link.push(new ServerMessage.Event(
                "two", 4, 4, new SessionEvent.AskResolved("t1", 5, SessionEvent.Resolution.ANSWERED)));
        link.push(new ServerMessage.Event("two", 5, 5, new SessionEvent.TaskStateChanged("t1", TaskState.COMPLETED)));
        relay.flushBridge();
        assertThat(main.windowTitleBinding().get()).isEqualTo("(1) Roo Remote console · 1 session needs you");
    }

    @Test
    void theStatusBarFollowsTheSelectedTasksTokensWhileItRuns() {
        RelayViewModel relay = connect();
        assertThat(main.usageTextBinding().get()).isEqualTo("No task yet");

        link.push(new ServerMessage.Event("one", 1, 1, new SessionEvent.TaskStarted("t1", "do it", null)));
        link.push(new ServerMessage.Event("one", 2, 2, new SessionEvent.TaskStateChanged("t1", TaskState.RUNNING)));
        relay.flushBridge();
        assertThat(main.usageTextBinding().get())
                .isEqualTo("Task: tokens are counted when Roo's first request finishes");

        link.push(new ServerMessage.Event(
                "one", 3, 3, new SessionEvent.TokenUsage("t1", new Tokens(1200, 80, 0, 0, 0.0048, 1280))));
        relay.flushBridge();
        assertThat(main.usageTextBinding().get()).isEqualTo("Task: 1,200 in · 80 out · context 1,280 · $0.0048");
    }

    @Test
    void aLostLinkMarksSessionsDisconnectedKeepsWhatWasShownAndCountsDown() {
        RelayViewModel relay = connect();
        link.push(new ServerMessage.Event(
                "one",
                1,
                1,
                new SessionEvent.Message(
                        "t1",
                        true,
                        dev.rooremote.protocol.roo.ClineMessage.say(
                                7, dev.rooremote.protocol.roo.SayKind.TEXT, null, false),
                        dev.rooremote.protocol.relay.TextDelta.replace("hello"),
                        null)));
        relay.flushBridge();

        link.state(new LinkState(LinkState.Phase.RECONNECTING, Instant.now().plusSeconds(5), "connection refused"));

        assertThat(main.sessions()).allMatch(s -> s.badge() == SessionBadge.DISCONNECTED);
        assertThat(session("one").transcript().messages()).hasSize(1);
        assertThat(main.statusTextBinding().get()).contains("reconnecting in").contains("connection refused");
        assertThat(session("one").canOperateBinding().get()).isFalse();

        link.state(LinkState.connected());
        assertThat(session("one").badge()).isEqualTo(SessionBadge.RUNNING);
    }

    @Test
    void sessionsComeAndGoWithTheRelaysList() {
        RelayViewModel relay = connect();
        link.pushSessions(info("two"), info("three"));
        relay.flushBridge();

        assertThat(link.watched).contains("three");
        assertThat(main.sessions()).extracting(SessionViewModel::sessionId).contains("three");
        assertThat(session("one").removedProperty().get()).isTrue();
        assertThat(session("one").noticeProperty().get()).contains("no longer offers");
    }

    @Test
    void disconnectingARelayRemovesItsTabs() {
        RelayViewModel relay = connect();
        main.disconnect(relay);
        assertThat(main.sessions()).isEmpty();
        assertThat(main.relays()).isEmpty();
        assertThat(main.statusTextBinding().get()).contains("Not connected");
    }

    @Test
    void relaysKeepTheOrderTheyWereSavedInTheirTabsAndTheirStatus() {
        main.connecting("build-1");
        main.connecting("build-2");
        main.connecting("ci");
        assertThat(main.relayStatusesBinding().get())
                .extracting(RelayStatus::state)
                .containsOnly(RelayStatus.State.CONNECTING);

        // build-2 answers first, then build-1; ci is down.
        TestLink second = new TestLink(Role.OPERATOR, List.of(info("one"), info("two")));
        main.add("build-2", second);
        main.add("build-1", link);
        main.notConnected("ci", "nothing is listening at ci:8443 (connection refused)");

        assertThat(main.sessions())
                .extracting(s -> s.relayName() + "/" + s.sessionId())
                .containsExactly("build-1/one", "build-1/two", "build-2/one", "build-2/two");
        assertThat(main.relayStatusesBinding().get())
                .extracting(RelayStatus::name, RelayStatus::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("build-1", RelayStatus.State.CONNECTED),
                        org.assertj.core.groups.Tuple.tuple("build-2", RelayStatus.State.CONNECTED),
                        org.assertj.core.groups.Tuple.tuple("ci", RelayStatus.State.NOT_CONNECTED));
        assertThat(main.statusTextBinding().get())
                .endsWith("ci: not connected: nothing is listening at ci:8443 (connection refused)");
        assertThat(main.hasRelay("CI")).isTrue();

        main.remove("build-2");
        assertThat(main.sessions()).extracting(SessionViewModel::relayName).containsOnly("build-1");
        main.remove("ci");
        assertThat(main.relayStatusesBinding().get())
                .extracting(RelayStatus::name)
                .containsExactly("build-1");
    }
}
