package dev.rooremote.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.console.status.FreedesktopNotifications;
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

/**
 * A notification service on the bus, as a desktop provides one: it records what it is asked to show
 * and close, and sends the signals of a person choosing an action or dismissing a notification.
 */
public final class NotificationServiceStandIn implements FreedesktopNotifications, AutoCloseable {

    /** A Notify call the service received. */
    public record Shown(String appName, long replacesId, String summary, String body, List<String> actions, long id) {}

    private final BlockingQueue<Shown> received = new LinkedBlockingQueue<>();
    /** Every Notify call, in order. */
    public final List<Shown> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The notifications closed by a CloseNotification call, in order. */
    public final List<Long> closed = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final AtomicLong ids = new AtomicLong();
    private final List<String> capabilities;
    private DBusConnection connection;

    private NotificationServiceStandIn(List<String> capabilities) {
        this.capabilities = capabilities;
    }

    public static NotificationServiceStandIn on(String address, List<String> capabilities) throws Exception {
        NotificationServiceStandIn service = new NotificationServiceStandIn(capabilities);
        service.connection =
                DBusConnectionBuilder.forAddress(address).withShared(false).build();
        service.connection.requestBusName(BUS_NAME);
        service.connection.exportObject(PATH, service);
        return service;
    }

    /** Forgets what was shown and closed so far. */
    public void forget() {
        received.clear();
        shown.clear();
        closed.clear();
    }

    public Shown next() throws InterruptedException {
        Shown n = received.poll(10, TimeUnit.SECONDS);
        assertThat(n).as("a notification within 10 s").isNotNull();
        return n;
    }

    /** The person chooses {@code action} on notification {@code id}. */
    public void invoke(long id, String action) throws Exception {
        connection.sendMessage(new ActionInvoked(PATH, new UInt32(id), action));
    }

    /** The person dismisses notification {@code id}. */
    public void dismiss(long id) throws Exception {
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
        Shown n = new Shown(appName, replacesId.longValue(), summary, body, List.copyOf(actions), id);
        shown.add(n);
        received.add(n);
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
