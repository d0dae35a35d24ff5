package dev.rooremote.console.status;

import java.util.function.Consumer;

/** Desktop notifications: one shown per group (a session), replaced by the group's next, withdrawn when moot. */
public interface Notifier {

    /**
     * Shows {@code notification} in place of its group's previous one. {@code onAction} gets, on the UI
     * thread, the key of the action the person chose ({@link Notification#OPEN} for a click on it).
     */
    void show(Notification notification, Consumer<String> onAction);

    /** Takes {@code notification} away if it is still its group's; later clicks on it do nothing. */
    void withdraw(Notification notification);
}
