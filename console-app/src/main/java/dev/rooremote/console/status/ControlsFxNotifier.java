package dev.rooremote.console.status;

import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Desktop notifications with ControlsFX, shown on the console's screen. */
public final class ControlsFxNotifier implements Notifier {

    private final Window owner;

    public ControlsFxNotifier(Window owner) {
        this.owner = owner;
    }

    @Override
    public void notify(String title, String text) {
        Notifications n = Notifications.create().title(title).text(text).hideAfter(Duration.seconds(8));
        if (owner != null && owner.isShowing()) {
            n.owner(owner);
        }
        n.showInformation();
    }
}
