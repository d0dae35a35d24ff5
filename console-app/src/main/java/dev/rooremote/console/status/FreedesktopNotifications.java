package dev.rooremote.console.status;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
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

    /**
     * Shows a notification, or replaces the one numbered {@code replacesId} (0: a new one).
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
}
