package dev.rooremote.console.status;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The desktop notification service of the freedesktop.org Desktop Notifications Specification
 * (GNOME, KDE, Xfce, ... on Linux), reached on the session bus at {@link #BUS_NAME} {@link #PATH}.
 */
@DBusInterfaceName("org.freedesktop.Notifications")
public interface FreedesktopNotifications extends DBusInterface {

    String BUS_NAME = "org.freedesktop.Notifications";
    String PATH = "/org/freedesktop/Notifications";
    /** The capability of servers that show actions (buttons, or a click as {@code default}). */
    String ACTIONS = "actions";

    /**
     * Shows a notification, or replaces the one numbered {@code replacesId} (0: a new one).
     * {@code actions} alternates action keys and their labels.
     *
     * @return the notification's number
     */
    UInt32 Notify(
            String appName,
            UInt32 replacesId,
            String appIcon,
            String summary,
            String body,
            List<String> actions,
            Map<String, Variant<?>> hints,
            int expireTimeout);

    /** Takes the notification numbered {@code id} away. */
    void CloseNotification(UInt32 id);

    /** What the server supports ({@link #ACTIONS}, "body", ...). */
    List<String> GetCapabilities();

    /** The person chose the action {@code actionKey} of notification {@code id}. */
    class ActionInvoked extends DBusSignal {
        private final UInt32 id;
        private final String actionKey;

        public ActionInvoked(String path, UInt32 id, String actionKey) throws DBusException {
            super(path, id, actionKey);
            this.id = id;
            this.actionKey = actionKey;
        }

        public UInt32 getId() {
            return id;
        }

        public String getActionKey() {
            return actionKey;
        }
    }

    /** Notification {@code id} went away (expired, dismissed, closed by a call; {@code reason} says which). */
    class NotificationClosed extends DBusSignal {
        private final UInt32 id;
        private final UInt32 reason;

        public NotificationClosed(String path, UInt32 id, UInt32 reason) throws DBusException {
            super(path, id, reason);
            this.id = id;
            this.reason = reason;
        }

        public UInt32 getId() {
            return id;
        }

        public UInt32 getReason() {
            return reason;
        }
    }
}
