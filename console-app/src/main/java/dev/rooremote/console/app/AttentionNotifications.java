package dev.rooremote.console.app;

import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.session.SessionViewModel.Attention;
import dev.rooremote.console.status.Notification;
import dev.rooremote.console.status.Notifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableObjectValue;

/**
 * The console's desktop notifications, by the rules of the relay's Web Push: what a session's
 * {@link SessionViewModel#attentionProperty() attention} raises (each event once, never what a snapshot
 * or a replay shows) is notified only if it still holds a moment later ({@code settle}), so what was
 * answered at once, here or elsewhere, makes no notification; and not while the person is looking at
 * that session. A session's next notification replaces its previous one (per relay and session), and
 * one that no longer holds (answered elsewhere, the task moved on) is withdrawn.
 *
 * <p>Tool, command and MCP asks carry Approve and Deny where this person may use them (as the ask panel
 * offers them: Approve only where the session can approve); they act on
 * exactly the ask notified, never a later one. A click opens the session. All on the UI thread but the
 * timer's wait.
 */
final class AttentionNotifications {

    static final String APPROVE = "approve";
    static final String DENY = "deny";

    private final UiExecutor ui;
    private final ScheduledExecutorService timer;
    private final Notifier notifier;
    private final Duration settle;
    private final ObservableObjectValue<SessionViewModel> selected;
    private final ObservableBooleanValue windowFocused;
    private final Consumer<SessionViewModel> open;

    /** The notification each session has on the desktop now. */
    private record Shown(Attention attention, Notification notification) {}

    private final Map<SessionViewModel, Shown> shown = new HashMap<>();
    private boolean closed;

    AttentionNotifications(
            UiExecutor ui,
            ScheduledExecutorService timer,
            Notifier notifier,
            Duration settle,
            ObservableObjectValue<SessionViewModel> selected,
            ObservableBooleanValue windowFocused,
            Consumer<SessionViewModel> open) {
        this.ui = ui;
        this.timer = timer;
        this.notifier = notifier;
        this.settle = settle;
        this.selected = selected;
        this.windowFocused = windowFocused;
        this.open = open;
    }

    void watch(SessionViewModel session) {
        session.attentionProperty().addListener((o, before, attention) -> {
            if (attention != null) {
                later(() -> settled(session, attention));
            }
        });
        InvalidationListener moved = o -> withdrawIfMoot(session);
        session.pendingAskProperty().addListener(moved);
        session.infoProperty().addListener(moved);
    }

    /** The session's tab is gone: so is its notification. */
    void forget(SessionViewModel session) {
        Shown was = shown.remove(session);
        if (was != null) {
            notifier.withdraw(was.notification());
        }
    }

    private void later(Runnable onUi) {
        try {
            timer.schedule(() -> ui.runOnUi(onUi), settle.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // The window is closing: nothing more to tell.
        }
    }

    /** The console closes: its notifications go too, since nothing would be left to act on them. */
    void close() {
        closed = true;
        shown.values().forEach(s -> notifier.withdraw(s.notification()));
        shown.clear();
    }

    private void settled(SessionViewModel session, Attention attention) {
        if (closed || !session.stillHolds(attention) || (session == selected.get() && windowFocused.get())) {
            return;
        }
        List<Notification.Action> actions =
                attention.kind() == Attention.Kind.APPROVAL && session.mayApproveFromNotification(attention.ask())
                        ? List.of(new Notification.Action(APPROVE, "Approve"), new Notification.Action(DENY, "Deny"))
                        : List.of();
        Notification notification =
                new Notification(group(session), attention.key(), attention.title(), attention.text(), actions);
        shown.put(session, new Shown(attention, notification));
        notifier.show(notification, action -> acted(session, attention, action));
    }

    private void withdrawIfMoot(SessionViewModel session) {
        Shown was = shown.get(session);
        if (was != null && !session.stillHolds(was.attention())) {
            shown.remove(session);
            notifier.withdraw(was.notification());
        }
    }

    private void acted(SessionViewModel session, Attention attention, String action) {
        if (APPROVE.equals(action) && attention.ask() != null) {
            session.decideFromNotification(attention.ask(), true);
        } else if (DENY.equals(action) && attention.ask() != null) {
            session.decideFromNotification(attention.ask(), false);
        } else {
            open.accept(session);
        }
    }

    /** Two relays may each have a session of the same name: the group names both. */
    static String group(SessionViewModel session) {
        return session.relayName() + "/" + session.sessionId();
    }
}
