package dev.rooremote.console.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.testing.NotificationServiceStandIn;
import dev.rooremote.console.testing.PrivateSessionBus;
import dev.rooremote.console.testing.RecordingNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications reach the desktop's notification service over a real D-Bus session bus (a private
 * {@code dbus-daemon} started by the test), as the freedesktop specification has them: one per session,
 * replaced by its next, closed when withdrawn, with the actions the desktop can show and the person's
 * choice coming back. Where the bus has no such service, or there is no bus, the console's popup shows
 * them instead.
 */
class DesktopNotifierTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private PrivateSessionBus bus;
    private String address;
    private final RecordingNotifier popups = new RecordingNotifier();
    private final BlockingQueue<String> chosen = new LinkedBlockingQueue<>();
    private final Consumer<String> onAction = chosen::add;
    private DesktopNotifier notifier;

    @BeforeEach
    void startBus() throws Exception {
        bus = PrivateSessionBus.start();
        address = bus.address();
    }

    @AfterEach
    void stopBus() {
        if (notifier != null) {
            notifier.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    private DesktopNotifier notifier(String busAddress) {
        notifier = new DesktopNotifier(busAddress, popups, Runnable::run);
        return notifier;
    }

    private static dev.rooremote.console.status.Notification note(String group, String key, String title, String text) {
        return new dev.rooremote.console.status.Notification(group, key, title, text, List.of());
    }

    private static dev.rooremote.console.status.Notification approval(String group, String key) {
        return new dev.rooremote.console.status.Notification(
                group,
                key,
                "demo-2 needs you",
                "Roo wants to create greeting.txt.",
                List.of(
                        new dev.rooremote.console.status.Notification.Action("approve", "Approve"),
                        new dev.rooremote.console.status.Notification.Action("deny", "Deny")));
    }

    @Test
    void aNotificationReachesTheDesktopServiceAndASessionsNextOneReplacesIt() throws Exception {
        try (NotificationServiceStandIn service = NotificationServiceStandIn.on(address, List.of("body"))) {
            DesktopNotifier desktop = notifier(address);

            desktop.show(
                    note("build-1/demo-2", "t1:5", "demo-2 needs you", "Roo asks: <b>which</b> language & why?"),
                    onAction);
            NotificationServiceStandIn.Shown first = service.next();
            assertThat(first.appName()).isEqualTo("Roo Remote console");
            assertThat(first.summary()).isEqualTo("demo-2 needs you");
            assertThat(first.body()).isEqualTo("Roo asks: &lt;b&gt;which&lt;/b&gt; language &amp; why?");
            assertThat(first.replacesId()).isZero();
            assertThat(first.actions()).as("this desktop shows no actions").isEmpty();

            desktop.show(
                    note("build-1/demo-2", "t1:9", "demo-2 needs you", "Roo wants to create greeting.txt"), onAction);
            assertThat(service.next().replacesId())
                    .as("replaces the session's last one")
                    .isEqualTo(first.id());

            desktop.show(note("build-1/demo-1", "t2:completed", "demo-1 finished", "Task finished"), onAction);
            assertThat(service.next().replacesId())
                    .as("another session's is a new one")
                    .isZero();
            desktop.show(note("build-2/demo-2", "t1:5", "demo-2 needs you", "Roo asks a question"), onAction);
            assertThat(service.next().replacesId())
                    .as("a session of the same name on another relay is another session")
                    .isZero();
            assertThat(popups.shown).isEmpty();
        }
    }

    @Test
    void aWithdrawnNotificationIsClosedButASessionsNewerOneStays() throws Exception {
        try (NotificationServiceStandIn service = NotificationServiceStandIn.on(address, List.of("body"))) {
            DesktopNotifier desktop = notifier(address);
            desktop.show(note("build-1/demo-2", "t1:5", "demo-2 needs you", "Which language?"), onAction);
            long id = service.next().id();
            desktop.show(note("build-1/demo-2", "t1:9", "demo-2 needs you", "Roo wants to create a.txt"), onAction);
            service.next();

            desktop.withdraw(note("build-1/demo-2", "t1:5", "demo-2 needs you", "Which language?"));
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(service.closed::isEmpty);

            desktop.withdraw(note("build-1/demo-2", "t1:9", "demo-2 needs you", "Roo wants to create a.txt"));
            await().atMost(WAIT).until(() -> service.closed.equals(List.of(id)));
            desktop.withdraw(note("build-1/demo-2", "t1:9", "demo-2 needs you", "Roo wants to create a.txt"));
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> service.closed.size() == 1);
        }
    }

    @Test
    void whereTheDesktopShowsActionsTheChosenOneComesBackOnlyForANotificationStillShown() throws Exception {
        try (NotificationServiceStandIn service = NotificationServiceStandIn.on(address, List.of("body", "actions"))) {
            DesktopNotifier desktop = notifier(address);
            desktop.show(approval("build-1/demo-2", "t1:5"), onAction);
            NotificationServiceStandIn.Shown shown = service.next();
            assertThat(shown.actions()).containsExactly("default", "Open", "approve", "Approve", "deny", "Deny");

            service.invoke(shown.id(), "approve");
            assertThat(chosen.poll(10, TimeUnit.SECONDS)).isEqualTo("approve");
            service.invoke(shown.id(), "default");
            assertThat(chosen.poll(10, TimeUnit.SECONDS)).as("a click opens").isEqualTo("default");

            desktop.withdraw(approval("build-1/demo-2", "t1:5"));
            await().atMost(WAIT).until(() -> service.closed.equals(List.of(shown.id())));
            service.invoke(shown.id(), "approve");
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(chosen::isEmpty);

            desktop.show(approval("build-1/demo-2", "t1:9"), onAction);
            NotificationServiceStandIn.Shown next = service.next();
            service.dismiss(next.id());
            service.invoke(next.id(), "deny");
            await().during(Duration.ofSeconds(1))
                    .atMost(WAIT)
                    .alias("a notification the person dismissed acts no more")
                    .until(chosen::isEmpty);
        }
    }

    @Test
    void withoutANotificationServiceStandInOrABusThePopupShowsIt() throws Exception {
        notifier(address).show(note("build-1/demo-2", "t1:5", "demo-2 needs you", "Roo asks a question"), onAction);
        await().atMost(WAIT).until(() -> popups.titles().equals(List.of("demo-2 needs you")));
        notifier.close();

        notifier(null).show(note("build-1/demo-1", "t2:completed", "demo-1 finished", "Task finished"), onAction);
        await().atMost(WAIT).until(() -> popups.titles().equals(List.of("demo-2 needs you", "demo-1 finished")));
        notifier.withdraw(note("build-1/demo-1", "t2:completed", "demo-1 finished", "Task finished"));
        await().atMost(WAIT).until(() -> popups.withdrawn.size() == 1);
    }

    @Test
    void theSessionBusIsFoundWhereDesktopsPutIt() throws Exception {
        assertThat(DesktopNotifier.sessionBus(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")))
                .isEqualTo("unix:path=/run/user/1000/bus");
        Path runtime = Files.createTempDirectory("runtime");
        assertThat(DesktopNotifier.sessionBus(Map.of("XDG_RUNTIME_DIR", runtime.toString())))
                .isNull();
        Files.createFile(runtime.resolve("bus"));
        assertThat(DesktopNotifier.sessionBus(Map.of("XDG_RUNTIME_DIR", runtime.toString())))
                .isEqualTo("unix:path=" + runtime.resolve("bus"));
    }
}
