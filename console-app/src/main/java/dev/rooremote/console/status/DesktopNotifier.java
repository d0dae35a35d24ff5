package dev.rooremote.console.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * and the actions a person chooses are handed to {@code ui}. A group's next notification replaces its
 * previous one instead of piling up, and a withdrawn one is closed. Where the service shows actions,
 * the notification carries them (a click is {@link Notification#OPEN}). When the service is missing or
 * fails, the popup is used and the bus is tried again a minute later.
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

    /** A notification on the desktop now, with where its actions go. */
    private record Shown(UInt32 id, Notification notification, Consumer<String> onAction) {}

    // Used on the sender thread only.
    private final Map<String, Shown> shown = new HashMap<>();
    private DBusConnection connection;
    private FreedesktopNotifications service;
    private boolean actions;
    private long unavailableSince = -1;

    /**
     * @param busAddress the session bus ({@code DBUS_SESSION_BUS_ADDRESS}), or null where there is none
     * @param fallback shows the notification in the window when the bus cannot (called on the UI thread)
     * @param ui runs the fallback and the chosen actions on the UI thread
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
    public void show(Notification notification, Consumer<String> onAction) {
        onSender(() -> {
            if (!sendOverBus(notification, onAction)) {
                ui.accept(() -> fallback.show(notification, onAction));
            }
        });
    }

    @Override
    public void withdraw(Notification notification) {
        onSender(() -> {
            Shown current = shown.get(notification.group());
            if (current != null && current.notification().key().equals(notification.key())) {
                shown.remove(notification.group());
                try {
                    if (service != null) {
                        service.CloseNotification(current.id());
                    }
                } catch (Exception | LinkageError e) {
                    // Gone with the bus: nothing left to close.
                }
            }
            ui.accept(() -> fallback.withdraw(notification));
        });
    }

    private boolean sendOverBus(Notification notification, Consumer<String> onAction) {
        if (busAddress == null || (unavailableSince >= 0 && System.nanoTime() - unavailableSince < RETRY_AFTER_NANOS)) {
            return false;
        }
        try {
            if (service == null) {
                connect();
            }
            Shown previous = shown.get(notification.group());
            UInt32 id = service.Notify(
                    APP_NAME,
                    previous == null ? new UInt32(0) : previous.id(),
                    "dialog-information",
                    notification.title(),
                    bodyText(notification.text()),
                    actions ? actionList(notification) : List.of(),
                    Map.of("urgency", new Variant<>((byte) 1), "category", new Variant<>("im.received")),
                    -1);
            shown.put(notification.group(), new Shown(id, notification, onAction));
            unavailableSince = -1;
            return true;
        } catch (Exception | LinkageError e) {
            // No notification service on this bus, or the bus went away: use the popup for a while.
            disconnect();
            unavailableSince = System.nanoTime();
            return false;
        }
    }

    private void connect() throws Exception {
        connection =
                DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
        service = connection.getRemoteObject(
                FreedesktopNotifications.BUS_NAME, FreedesktopNotifications.PATH, FreedesktopNotifications.class);
        actions = service.GetCapabilities().contains(FreedesktopNotifications.ACTIONS);
        // Signals arrive on the bus library's threads: handled on the sender thread, which owns the map.
        connection.addSigHandler(
                FreedesktopNotifications.ActionInvoked.class,
                signal -> onSender(() -> invoked(signal.getId(), signal.getActionKey())));
        connection.addSigHandler(
                FreedesktopNotifications.NotificationClosed.class, signal -> onSender(() -> closed(signal.getId())));
    }

    /** Runs {@code task} on the sender thread; once closed, nothing is sent any more. */
    private void onSender(Runnable task) {
        try {
            sender.execute(task);
        } catch (RejectedExecutionException closed) {
            // Closed: the console is going away.
        }
    }

    private static List<String> actionList(Notification notification) {
        List<String> list = new ArrayList<>(List.of(Notification.OPEN, "Open"));
        notification.actions().forEach(a -> {
            list.add(a.key());
            list.add(a.label());
        });
        return list;
    }

    private void invoked(UInt32 id, String actionKey) {
        shown.values().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .ifPresent(s -> ui.accept(() -> s.onAction().accept(actionKey)));
    }

    private void closed(UInt32 id) {
        shown.values().removeIf(s -> s.id().equals(id));
    }

    /** Notification servers may read the body as markup: what Roo wrote must show as text. */
    static String bodyText(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void disconnect() {
        service = null;
        actions = false;
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
        onSender(this::disconnect);
        sender.shutdown();
    }
}
