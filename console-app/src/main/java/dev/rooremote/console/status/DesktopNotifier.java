package dev.rooremote.console.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * Notifications from the operating system, so they reach a person whose window is minimised or on
 * another desktop: the freedesktop notification service on the session bus where there is one (the
 * Linux desktops), otherwise the console's own popup ({@code fallback}).
 *
 * <p>Bus calls block, so they run on a thread of their own, never on the JavaFX thread; the fallback
 * is handed to {@code ui}. A session's next notification replaces its previous one instead of
 * piling up (one per title). When the service is missing or fails, the popup is used and the bus is
 * tried again a minute later.
 */
public final class DesktopNotifier implements Notifier, AutoCloseable {

    static final String APP_NAME = "Roo Remote console";
    private static final long RETRY_AFTER_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String busAddress;
    private final Notifier fallback;
    private final Consumer<Runnable> ui;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "desktop-notifications");
        t.setDaemon(true);
        return t;
    });

    // Used on the sender thread only.
    private final Map<String, UInt32> shown = new HashMap<>();
    private DBusConnection connection;
    private FreedesktopNotifications service;
    private long unavailableSince = -1;

    /**
     * @param busAddress the session bus ({@code DBUS_SESSION_BUS_ADDRESS}), or null where there is none
     * @param fallback shows the notification in the window when the bus cannot
     * @param ui runs the fallback on the UI thread
     */
    public DesktopNotifier(String busAddress, Notifier fallback, Consumer<Runnable> ui) {
        this.busAddress = busAddress == null || busAddress.isBlank() ? null : busAddress;
        this.fallback = fallback;
        this.ui = ui;
    }

    /**
     * The notifier of a console window: the session bus of the person's desktop session (from
     * {@code DBUS_SESSION_BUS_ADDRESS}, or the usual {@code $XDG_RUNTIME_DIR/bus}), the popup otherwise.
     */
    public static DesktopNotifier forWindow(javafx.stage.Window owner) {
        return new DesktopNotifier(sessionBus(System.getenv()), new ControlsFxNotifier(owner), Platform::runLater);
    }

    static String sessionBus(Map<String, String> env) {
        String address = env.get("DBUS_SESSION_BUS_ADDRESS");
        if (address != null && !address.isBlank()) {
            return address;
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && Files.exists(Path.of(runtime, "bus"))) {
            return "unix:path=" + Path.of(runtime, "bus");
        }
        return null;
    }

    @Override
    public void notify(String title, String text) {
        sender.execute(() -> {
            if (!sendOverBus(title, text)) {
                ui.accept(() -> fallback.notify(title, text));
            }
        });
    }

    private boolean sendOverBus(String title, String text) {
        if (busAddress == null || (unavailableSince >= 0 && System.nanoTime() - unavailableSince < RETRY_AFTER_NANOS)) {
            return false;
        }
        try {
            if (service == null) {
                connection = DBusConnectionBuilder.forAddress(busAddress)
                        .withShared(false)
                        .build();
                service = connection.getRemoteObject(
                        FreedesktopNotifications.BUS_NAME,
                        FreedesktopNotifications.PATH,
                        FreedesktopNotifications.class);
            }
            UInt32 id = service.Notify(
                    APP_NAME,
                    shown.getOrDefault(title, new UInt32(0)),
                    "dialog-information",
                    title,
                    bodyText(text),
                    List.of(),
                    Map.of("urgency", new Variant<>((byte) 1), "category", new Variant<>("im.received")),
                    -1);
            shown.put(title, id);
            unavailableSince = -1;
            return true;
        } catch (Exception | LinkageError e) {
            // No notification service on this bus, or the bus went away: use the popup for a while.
            disconnect();
            unavailableSince = System.nanoTime();
            return false;
        }
    }

    /** Notification servers may read the body as markup: what Roo wrote must show as text. */
    static String bodyText(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void disconnect() {
        service = null;
        shown.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // Closing a connection that already failed.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        sender.execute(this::disconnect);
        sender.shutdown();
    }
}
