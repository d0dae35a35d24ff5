package dev.rooremote.console.app;

import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.session.SessionBadge;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.status.Notifier;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The console window's state: every connected relay, every session of all of them (one tab each),
 * the selected session, and desktop notifications for sessions not in view.
 */
public final class MainViewModel implements AutoCloseable {

    private final UiExecutor ui;
    private final DialogService dialogs;
    private final ScheduledExecutorService timer;
    private final Notifier notifier;

    private final ObservableList<RelayViewModel> relays = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would drop listeners when collected.
    private final ObservableList<RelayViewModel> relaysView = FXCollections.unmodifiableObservableList(relays);
    /** Application name; the window title leads with how many sessions need the person. */
    public static final String TITLE = "Roo Remote console";

    // Reports a session's badge changing as a change of the list, so counts over it stay current.
    private final ObservableList<SessionViewModel> sessions =
            FXCollections.observableArrayList(s -> new Observable[] {s.badgeProperty()});
    // One read-only view, kept: a fresh wrapper per call would drop listeners when collected.
    private final ObservableList<SessionViewModel> sessionsView = FXCollections.unmodifiableObservableList(sessions);
    private final ObjectProperty<SessionViewModel> selected = new SimpleObjectProperty<>(this, "selected");
    private final BooleanProperty windowFocused = new SimpleBooleanProperty(this, "windowFocused", true);
    private final StringBinding statusText;
    private final StringBinding usageText;
    private final StringBinding windowTitle = Bindings.createStringBinding(this::title, sessions);

    public MainViewModel(UiExecutor ui, DialogService dialogs, ScheduledExecutorService timer, Notifier notifier) {
        this.ui = ui;
        this.dialogs = dialogs;
        this.timer = timer;
        this.notifier = notifier;
        statusText = new StringBinding() {
            {
                bind(relays);
            }

            @Override
            protected String computeValue() {
                if (relays.isEmpty()) {
                    return "Not connected. Use Relay > Connect (Ctrl+O).";
                }
                return relays.stream().map(r -> r.statusTextProperty().get()).collect(Collectors.joining("   |   "));
            }
        };
        relays.addListener((javafx.collections.ListChangeListener<RelayViewModel>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(r -> r.statusTextProperty().addListener(o -> statusText.invalidate()));
            }
        });
        usageText = Bindings.createStringBinding(
                () -> {
                    SessionViewModel s = selected.get();
                    if (s == null) {
                        return "";
                    }
                    SessionInfo info = s.infoProperty().get();
                    return describe(info == null ? null : info.task());
                },
                selected);
        selected.addListener((o, before, now) -> usageText.invalidate());
    }

    static String describe(TaskSummary task) {
        if (task == null) {
            return "No task yet";
        }
        Tokens t = task.tokens();
        if (t == null || t.equals(Tokens.ZERO)) {
            // Roo counts a request's tokens when the request finishes, not while the reply streams.
            return task.state() == TaskState.RUNNING || task.state() == TaskState.NEEDS_INPUT
                    ? "Task: tokens are counted when Roo's first request finishes"
                    : "Task: no tokens used";
        }
        return String.format(
                "Task: %,d in · %,d out · context %,d · $%.4f", t.in(), t.out(), t.contextTokens(), t.cost());
    }

    /** Adds a connected relay and its sessions. */
    public RelayViewModel add(RelayLink link) {
        RelayViewModel relay = new RelayViewModel(link, ui, dialogs, timer, this::sessionAdded, this::sessionRemoved);
        relays.add(relay);
        relay.start();
        return relay;
    }

    private void sessionAdded(SessionViewModel session) {
        sessions.add(session);
        ChangeListener<SessionViewModel.Attention> onAttention = (o, before, attention) -> {
            if (attention != null && (session != selected.get() || !windowFocused.get())) {
                notifier.notify(attention.title(), attention.text());
            }
        };
        session.attentionProperty().addListener(onAttention);
        session.infoProperty().addListener(o -> {
            if (session == selected.get()) {
                usageText.invalidate();
            }
        });
        if (selected.get() == null) {
            selected.set(session);
        }
    }

    private void sessionRemoved(SessionViewModel session) {
        // The tab stays (with what it showed) and is marked as gone; the user closes it.
    }

    /** Relay > Pair a phone: a QR code that signs a phone in as this relay's signed-in user. */
    public void pairPhone(RelayViewModel relay) {
        new dev.rooremote.console.pairing.PairPhoneViewModel(relay.link(), dialogs, ui).pair();
    }

    public void disconnect(RelayViewModel relay) {
        relay.close();
        relays.remove(relay);
        sessions.removeIf(s -> s.link() == relay.link());
        if (selected.get() != null && !sessions.contains(selected.get())) {
            selected.set(sessions.isEmpty() ? null : sessions.get(0));
        }
    }

    public void selectNext() {
        move(1);
    }

    public void selectPrevious() {
        move(-1);
    }

    private void move(int delta) {
        if (sessions.isEmpty()) {
            return;
        }
        int index = sessions.indexOf(selected.get());
        int next = Math.floorMod((index < 0 ? 0 : index) + delta, sessions.size());
        selected.set(sessions.get(next));
    }

    public ObservableList<RelayViewModel> relays() {
        return relaysView;
    }

    public ObservableList<SessionViewModel> sessions() {
        return sessionsView;
    }

    public ObjectProperty<SessionViewModel> selectedProperty() {
        return selected;
    }

    public BooleanProperty windowFocusedProperty() {
        return windowFocused;
    }

    public StringBinding statusTextBinding() {
        return statusText;
    }

    public StringBinding usageTextBinding() {
        return usageText;
    }

    /** "(2) Roo Remote console · 2 sessions need you", or just the name when none does. */
    public StringBinding windowTitleBinding() {
        return windowTitle;
    }

    private String title() {
        long waiting = sessions.stream()
                .filter(s -> s.badge() == SessionBadge.NEEDS_YOU)
                .count();
        if (waiting == 0) {
            return TITLE;
        }
        return "(" + waiting + ") " + TITLE + " · "
                + (waiting == 1 ? "1 session needs you" : waiting + " sessions need you");
    }

    @Override
    public void close() {
        relays.forEach(RelayViewModel::close);
    }
}
