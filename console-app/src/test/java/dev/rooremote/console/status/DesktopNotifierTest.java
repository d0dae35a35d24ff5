package dev.rooremote.console.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rooremote.console.testing.RecordingNotifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
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

    private Process bus;
    private String address;
    private final RecordingNotifier popups = new RecordingNotifier();
    private final BlockingQueue<String> chosen = new LinkedBlockingQueue<>();
    private final Consumer<String> onAction = chosen::add;
    private DesktopNotifier notifier;

    @BeforeEach
    void startBus() throws Exception {
        Path daemon = Path.of("/usr/bin/dbus-daemon");
        assumeTrue(Files.isExecutable(daemon), "needs dbus-daemon (Debian package dbus-daemon)");
        bus = new ProcessBuilder(daemon.toString(), "--session", "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(address).as("the bus's address").startsWith("unix:");
    }

    @AfterEach
    void stopBus() {
        if (notifier != null) {
            notifier.close();
        }
        if (bus != null) {
            bus.destroy();
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
        try (NotificationService service = NotificationService.on(address, List.of("body"))) {
            DesktopNotifier desktop = notifier(address);

            desktop.show(
                    note("build-1/demo-2", "t1:5", "demo-2 needs you", "Roo asks: <b>which</b> language & why?"),
                    onAction);
            Shown first = service.next();
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
        try (NotificationService service = NotificationService.on(address, List.of("body"))) {
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
        try (NotificationService service = NotificationService.on(address, List.of("body", "actions"))) {
            DesktopNotifier desktop = notifier(address);
            desktop.show(approval("build-1/demo-2", "t1:5"), onAction);
            Shown shown = service.next();
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
            Shown next = service.next();
            service.dismiss(next.id());
            service.invoke(next.id(), "deny");
            await().during(Duration.ofSeconds(1))
                    .atMost(WAIT)
                    .alias("a notification the person dismissed acts no more")
                    .until(chosen::isEmpty);
        }
    }

    @Test
    void withoutANotificationServiceOrABusThePopupShowsIt() throws Exception {
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

    /** A Notify call the service received. */
    record Shown(String appName, long replacesId, String summary, String body, List<String> actions, long id) {}

    /**
     * A notification service on the bus, as a desktop provides one: it records what it is asked to show
     * and close, and sends the signals of a person choosing an action or dismissing a notification.
     */
    static final class NotificationService implements FreedesktopNotifications, AutoCloseable {

        private final BlockingQueue<Shown> received = new LinkedBlockingQueue<>();
        final List<Long> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicLong ids = new AtomicLong();
        private final List<String> capabilities;
        private DBusConnection connection;

        private NotificationService(List<String> capabilities) {
            this.capabilities = capabilities;
        }

        static NotificationService on(String address, List<String> capabilities) throws Exception {
            NotificationService service = new NotificationService(capabilities);
            service.connection =
                    DBusConnectionBuilder.forAddress(address).withShared(false).build();
            service.connection.requestBusName(BUS_NAME);
            service.connection.exportObject(PATH, service);
            return service;
        }

        Shown next() throws InterruptedException {
            Shown n = received.poll(10, TimeUnit.SECONDS);
            assertThat(n).as("a notification within 10 s").isNotNull();
            return n;
        }

        /** The person chooses {@code action} on notification {@code id}. */
        void invoke(long id, String action) throws Exception {
            connection.sendMessage(new ActionInvoked(PATH, new UInt32(id), action));
        }

        /** The person dismisses notification {@code id}. */
        void dismiss(long id) throws Exception {
            connection.sendMessage(new NotificationClosed(PATH, new UInt32(id), new UInt32(2)));
        }

        @Override
        public UInt32 Notify(
                String appName,
                UInt32 replacesId,
                String appIcon,
                String summary,
                String body,
                List<String> actions,
                Map<String, Variant<?>> hints,
                int expireTimeout) {
            long id = replacesId.longValue() != 0 ? replacesId.longValue() : ids.incrementAndGet();
            received.add(new Shown(appName, replacesId.longValue(), summary, body, List.copyOf(actions), id));
            return new UInt32(id);
        }

        @Override
        public void CloseNotification(UInt32 id) {
            closed.add(id.longValue());
            try {
                connection.sendMessage(new NotificationClosed(PATH, id, new UInt32(3)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public List<String> GetCapabilities() {
            return capabilities;
        }

        @Override
        public String getObjectPath() {
            return PATH;
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }
}
