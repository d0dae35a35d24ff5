package dev.rooremote.console.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications reach the desktop's notification service over a real D-Bus session bus (a private
 * {@code dbus-daemon} started by the test), as the freedesktop specification has them; where the bus
 * has no such service, or there is no bus, the console's popup shows them instead.
 */
class DesktopNotifierTest {

    private Process bus;
    private String address;
    private final BlockingQueue<String> popups = new LinkedBlockingQueue<>();
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
        notifier = new DesktopNotifier(busAddress, (title, text) -> popups.add(title + ": " + text), Runnable::run);
        return notifier;
    }

    @Test
    void aNotificationReachesTheDesktopServiceAndASessionsNextOneReplacesIt() throws Exception {
        try (NotificationService service = NotificationService.on(address)) {
            DesktopNotifier desktop = notifier(address);

            desktop.notify("demo-2 needs you", "Roo asks: <b>which</b> language & why?");
            Notification first = service.next();
            assertThat(first.appName()).isEqualTo("Roo Remote console");
            assertThat(first.summary()).isEqualTo("demo-2 needs you");
            assertThat(first.body()).isEqualTo("Roo asks: &lt;b&gt;which&lt;/b&gt; language &amp; why?");
            assertThat(first.replacesId()).isZero();

            desktop.notify("demo-2 needs you", "Roo wants to create greeting.txt");
            assertThat(service.next().replacesId())
                    .as("replaces the session's last one")
                    .isEqualTo(first.id());

            desktop.notify("demo-1 finished", "Task finished");
            assertThat(service.next().replacesId())
                    .as("another session's is a new one")
                    .isZero();
            assertThat(popups).isEmpty();
        }
    }

    @Test
    void withoutANotificationServiceOrABusThePopupShowsIt() throws Exception {
        notifier(address).notify("demo-2 needs you", "Roo asks a question");
        assertThat(popups.poll(10, TimeUnit.SECONDS)).isEqualTo("demo-2 needs you: Roo asks a question");
        notifier.close();

        notifier(null).notify("demo-1 finished", "Task finished");
        assertThat(popups.poll(10, TimeUnit.SECONDS)).isEqualTo("demo-1 finished: Task finished");
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

    record Notification(String appName, long replacesId, String summary, String body, long id) {}

    /** A notification service on the bus, as a desktop provides one; it records what it is asked to show. */
    static final class NotificationService implements FreedesktopNotifications, AutoCloseable {

        private final BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
        private final AtomicLong ids = new AtomicLong();
        private DBusConnection connection;

        static NotificationService on(String address) throws Exception {
            NotificationService service = new NotificationService();
            service.connection =
                    DBusConnectionBuilder.forAddress(address).withShared(false).build();
            service.connection.requestBusName(BUS_NAME);
            service.connection.exportObject(PATH, service);
            return service;
        }

        Notification next() throws InterruptedException {
            Notification n = received.poll(10, TimeUnit.SECONDS);
            assertThat(n).as("a notification within 10 s").isNotNull();
            return n;
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
            received.add(new Notification(appName, replacesId.longValue(), summary, body, id));
            return new UInt32(id);
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
