package dev.rooremote.console.testing;

import dev.rooremote.console.status.Notification;
import dev.rooremote.console.status.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A notifier that keeps what it was asked to show and withdraw, and lets a test choose an action of a
 * shown notification as a person would.
 */
public final class RecordingNotifier implements Notifier {

    public final List<Notification> shown = new CopyOnWriteArrayList<>();
    public final List<Notification> withdrawn = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> actions = new CopyOnWriteArrayList<>();

    @Override
    public void show(Notification notification, Consumer<String> onAction) {
        shown.add(notification);
        actions.add(onAction);
    }

    @Override
    public void withdraw(Notification notification) {
        withdrawn.add(notification);
    }

    /** The titles shown, in order. */
    public List<String> titles() {
        return shown.stream().map(Notification::title).toList();
    }

    /** The person chooses {@code action} on the {@code index}th notification shown. */
    public void choose(int index, String action) {
        actions.get(index).accept(action);
    }
}
