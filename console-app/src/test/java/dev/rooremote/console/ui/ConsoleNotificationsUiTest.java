package dev.rooremote.console.ui;

import static dev.rooremote.console.ui.ConsoleUi.completed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.status.ControlsFxNotifier;
import dev.rooremote.console.status.DesktopNotifier;
import dev.rooremote.console.testing.NotificationServiceStandIn;
import dev.rooremote.console.testing.PrivateSessionBus;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;
import java.util.List;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The console's desktop notifications end to end: a real relay with demo Roo sessions, the console
 * headless, and a notification service on a private D-Bus session bus that shows actions. Approve on
 * a notification approves that ask on the relay without opening the console; a late tap acts on nothing;
 * Open shows the session at the question; a relay restart notifies nothing again.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleNotificationsUiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RelayFixture relay;
    private static PrivateSessionBus bus;
    private static NotificationServiceStandIn service;
    private DesktopNotifier desktop;

    @RegisterExtension
    final ConsoleUi ui = new ConsoleUi(
            w -> desktop = new DesktopNotifier(bus.address(), new ControlsFxNotifier(w), Platform::runLater));

    @BeforeAll
    static void start() throws Exception {
        bus = PrivateSessionBus.start();
        service = NotificationServiceStandIn.on(bus.address(), List.of("body", "actions"));
        relay = RelayFixtures.start();
    }

    @BeforeEach
    void forgetEarlierNotifications() {
        service.forget();
    }

    @AfterEach
    void closeNotifier() {
        if (desktop != null) {
            desktop.close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
        if (service != null) {
            service.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void approveOnTheNotificationApprovesThatAskOnTheRelayOnceAndALateTapDoesNothing(FxRobot robot) throws Exception {
        List<SessionViewModel> sessions = ui.connectAs(robot, relay, "bob", 2, WAIT);
        SessionViewModel other = sessions.get(1);
        ui.select(robot, sessions.get(0));
        String name = other.nameProperty().get();
        robot.interact(() -> {
            other.promptProperty().set("Add a usage section to the README");
            other.newTask();
        });

        await().atMost(WAIT).until(() -> shown(name + " needs you").size() == 1);
        NotificationServiceStandIn.Shown ask = shown(name + " needs you").get(0);
        assertThat(ask.actions()).containsExactly("default", "Open", "approve", "Approve", "deny", "Deny");
        assertThat(ask.body()).contains("README.md");

        service.invoke(ask.id(), "approve");
        await().atMost(WAIT).until(() -> completed(other));
        assertThat(approvals()).singleElement().satisfies(entry -> assertThat(entry.detail())
                .contains("README.md"));
        await().atMost(WAIT)
                .alias("the answered ask's notification is taken away")
                .until(() -> service.closed.contains(ask.id()));
        await().atMost(WAIT).until(() -> shown(name + " finished").size() == 1);

        service.invoke(ask.id(), "approve");
        await().during(Duration.ofSeconds(3))
                .atMost(WAIT)
                .alias("a late tap on the answered ask sends nothing, and nothing is notified twice")
                .until(() -> approvals().size() == 1
                        && shown(name + " needs you").size() == 1
                        && shown(name + " finished").size() == 1);
        assertThat(service.shown).noneMatch(n -> n.summary()
                .startsWith(sessions.get(0).nameProperty().get() + " "));
    }

    @Test
    void aQuestionOffersOnlyOpenWhichShowsTheSessionAtTheQuestion(FxRobot robot) throws Exception {
        List<SessionViewModel> sessions = ui.connectAs(robot, relay, "bob", 2, WAIT);
        SessionViewModel asking = sessions.get(0);
        // The person left the asking session on its History, and looks at another.
        ui.select(robot, asking);
        robot.interact(() -> ((javafx.scene.control.TabPane) ConsoleUi.visible(robot, "#session-sections"))
                .getSelectionModel()
                .select(1));
        ui.select(robot, sessions.get(1));
        robot.interact(() -> {
            asking.promptProperty().set("Ask me a followup question first");
            asking.newTask();
        });

        String title = asking.nameProperty().get() + " needs you";
        await().atMost(WAIT).until(() -> shown(title).size() == 1);
        NotificationServiceStandIn.Shown question = shown(title).get(0);
        assertThat(question.actions()).as("an answer is typed: only Open").containsExactly("default", "Open");

        service.invoke(question.id(), "default");
        await().atMost(WAIT)
                .until(() -> ui.window.viewModel().selectedProperty().get() == asking);
        await().atMost(WAIT).until(() -> robot.lookup("#suggestion-1")
                .match(javafx.scene.Node::isVisible)
                .tryQuery()
                .isPresent());
    }

    @Test
    void aRelayRestartNotifiesNothingAgainAndTheAskItDroppedLosesItsNotification(FxRobot robot) throws Exception {
        try (RelayFixture restarting = RelayFixtures.start()) {
            List<SessionViewModel> sessions = ui.connectAs(robot, restarting, "bob", 2, WAIT);
            SessionViewModel other = sessions.get(1);
            ui.select(robot, sessions.get(0));
            robot.interact(() -> {
                other.promptProperty().set("Add a usage section to the README");
                other.newTask();
            });
            String title = other.nameProperty().get() + " needs you";
            await().atMost(WAIT).until(() -> shown(title).size() == 1);
            dev.rooremote.protocol.relay.PendingAsk asked =
                    other.pendingAskProperty().get();

            restarting.restart();
            await().atMost(WAIT).until(() -> other.badge() == dev.rooremote.console.session.SessionBadge.DISCONNECTED);
            await().atMost(WAIT).until(() -> other.badge() != dev.rooremote.console.session.SessionBadge.DISCONNECTED);
            await().during(dev.rooremote.console.app.MainViewModel.SETTLE.plusSeconds(2))
                    .atMost(WAIT)
                    .alias("the reconnect's snapshot or replay is not news")
                    .until(() -> shown(title).size() == 1);
            // The demo Roo restarted with the relay and no longer waits: the ask's notification goes.
            assertThat(other.pendingAskProperty().get()).isNull();
            assertThat(service.closed).containsExactly(shown(title).get(0).id());
        }
    }

    private static List<NotificationServiceStandIn.Shown> shown(String summary) {
        return service.shown.stream().filter(n -> n.summary().equals(summary)).toList();
    }

    private static List<AuditLog.Entry> approvals() {
        return relay.runtime().audit().query(new AuditLog.Query(null, "bob", "approve", null, null, 10));
    }
}
