package dev.rooremote.console.status;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * Desktop notifications with ControlsFX, shown on the console's screen (UI thread only). A click on
 * one opens what it is about; a click on one replaced or withdrawn since does nothing.
 */
public final class ControlsFxNotifier implements Notifier {

    private final Window owner;
    // Each group's notification whose click still counts.
    private final Map<String, String> current = new HashMap<>();

    public ControlsFxNotifier(Window owner) {
        this.owner = owner;
    }

    @Override
    public void show(Notification notification, Consumer<String> onAction) {
        current.put(notification.group(), notification.key());
        Notifications n = Notifications.create()
                .title(notification.title())
                .text(notification.text())
                .hideAfter(Duration.seconds(8))
                .onAction(e -> {
                    if (notification.key().equals(current.get(notification.group()))) {
                        onAction.accept(Notification.OPEN);
                    }
                });
        if (owner != null && owner.isShowing()) {
            n.owner(owner);
        }
        n.showInformation();
    }

    @Override
    public void withdraw(Notification notification) {
        current.remove(notification.group(), notification.key());
    }
}
