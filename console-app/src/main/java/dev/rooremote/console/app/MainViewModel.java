package dev.rooremote.console.app;

import dev.rooremote.console.connect.LinkState;
import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.session.SessionBadge;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.status.Notifier;
import dev.rooremote.console.status.RelayStatus;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The console window's state: every relay (connected, or still connecting or refused at start, with
 * the reason), every session of all of them (one tab each, grouped by relay), the selected session,
 * and desktop notifications for sessions not in view.
 */
public final class MainViewModel implements AutoCloseable {

    private final UiExecutor ui;
    private final DialogService dialogs;
    private final ScheduledExecutorService timer;
    private final AttentionNotifications notifications;
    private Runnable toFront = () -> {};
    private final ReadOnlyObjectWrapper<SessionViewModel> opened = new ReadOnlyObjectWrapper<>(this, "opened");

    private final ObservableList<RelayViewModel> relays = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would drop listeners when collected.
    private final ObservableList<RelayViewModel> relaysView = FXCollections.unmodifiableObservableList(relays);
    /** Application name; the window title leads with how many sessions need the person. */
    public static final String TITLE = "Roo Remote console";
    /** How long an ask must stay open before it is notified, as the relay's Web Push waits. */
    public static final Duration SETTLE = Duration.ofSeconds(2);

    // Reports a session's badge changing as a change of the list, so counts over it stay current.
    private final ObservableList<SessionViewModel> sessions =
            FXCollections.observableArrayList(s -> new Observable[] {s.badgeProperty()});
    // One read-only view, kept: a fresh wrapper per call would drop listeners when collected.
    private final ObservableList<SessionViewModel> sessionsView = FXCollections.unmodifiableObservableList(sessions);
    // The relays' names in the order they were added (saved relays: as saved): the order of the tab groups.
    private final java.util.Set<String> relayOrder = new java.util.LinkedHashSet<>();
    // Relays not connected yet: their name and what to show for them ("connecting…", or why not).
    private final ObservableMap<String, String> unconnected = FXCollections.observableMap(new LinkedHashMap<>());
    private final ObservableMap<String, String> unconnectedView = FXCollections.unmodifiableObservableMap(unconnected);
    private final ObjectProperty<SessionViewModel> selected = new SimpleObjectProperty<>(this, "selected");
    private final BooleanProperty windowFocused = new SimpleBooleanProperty(this, "windowFocused", true);
    private final ObjectBinding<List<RelayStatus>> relayStatuses;
    private final StringBinding statusText;
    private final StringBinding usageText;
    private final StringBinding windowTitle = Bindings.createStringBinding(this::title, sessions);

    public MainViewModel(UiExecutor ui, DialogService dialogs, ScheduledExecutorService timer, Notifier notifier) {
        this(ui, dialogs, timer, notifier, SETTLE);
    }

    /** @param settle how long an ask must stay open before it is notified (answered sooner: no notification) */
    public MainViewModel(
            UiExecutor ui, DialogService dialogs, ScheduledExecutorService timer, Notifier notifier, Duration settle) {
        this.ui = ui;
        this.dialogs = dialogs;
        this.timer = timer;
        this.notifications =
                new AttentionNotifications(ui, timer, notifier, settle, selected, windowFocused, this::open);
        relayStatuses = new ObjectBinding<>() {
            {
                bind(relays, unconnected);
            }

            @Override
            protected List<RelayStatus> computeValue() {
                List<RelayStatus> all = new ArrayList<>();
                relays.forEach(r -> all.add(new RelayStatus(
                        r.name(),
                        state(r.stateProperty().get()),
                        r.statusTextProperty().get())));
                unconnected.forEach((name, text) -> all.add(new RelayStatus(
                        name,
                        text.startsWith("connecting") ? RelayStatus.State.CONNECTING : RelayStatus.State.NOT_CONNECTED,
                        name + ": " + text)));
                all.sort(java.util.Comparator.comparingInt(s -> rank(s.name())));
                return List.copyOf(all);
            }
        };
        statusText = Bindings.createStringBinding(
                () -> {
                    List<RelayStatus> all = relayStatuses.get();
                    if (all.isEmpty()) {
                        return "Not connected. Use Relay > Add a relay (Ctrl+O).";
                    }
                    return all.stream().map(RelayStatus::text).collect(Collectors.joining("   |   "));
                },
                relayStatuses);
        relays.addListener((javafx.collections.ListChangeListener<RelayViewModel>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(r -> r.statusTextProperty().addListener(o -> relayStatuses.invalidate()));
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

    /** Adds a connected relay and its sessions, named after its user and host. */
    public RelayViewModel add(RelayLink link) {
        return add(null, link);
    }

    /** Adds a connected relay called {@code name} and its sessions; their tabs follow the relay's others. */
    public RelayViewModel add(String name, RelayLink link) {
        RelayViewModel relay =
                new RelayViewModel(name, link, ui, dialogs, timer, this::sessionAdded, this::sessionRemoved);
        unconnected.remove(relay.name());
        relayOrder.add(relay.name());
        relays.add(relay);
        relay.start();
        return relay;
    }

    private int rank(String relayName) {
        int i = 0;
        for (String name : relayOrder) {
            if (name.equals(relayName)) {
                return i;
            }
            i++;
        }
        return i;
    }

    /** A saved relay is being connected. */
    public void connecting(String name) {
        relayOrder.add(name);
        unconnected.put(name, "connecting…");
    }

    /** A saved relay could not be connected; {@code reason} says why, in words for people. */
    public void notConnected(String name, String reason) {
        unconnected.put(name, "not connected: " + reason);
    }

    /** The relays not connected, by name, with what to show for each. */
    public ObservableMap<String, String> unconnected() {
        return unconnectedView;
    }

    /** Whether a relay called {@code name} is connected or being connected (ignoring case). */
    public boolean hasRelay(String name) {
        return relays.stream().anyMatch(r -> r.name().equalsIgnoreCase(name))
                || unconnected.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    /** Disconnects the relay called {@code name}, if connected, and drops what is shown for it. */
    public void remove(String name) {
        unconnected.remove(name);
        relays.stream().filter(r -> r.name().equals(name)).findFirst().ifPresent(this::disconnect);
    }

    private void sessionAdded(SessionViewModel session) {
        // Tabs are grouped by relay, the relays in the order they were added: a session goes after the
        // last one of its relay, before those of relays added after it.
        int rank = rank(session.relayName());
        int at = sessions.size();
        for (int i = 0; i < sessions.size(); i++) {
            if (rank(sessions.get(i).relayName()) > rank) {
                at = i;
                break;
            }
        }
        sessions.add(at, session);
        notifications.watch(session);
        session.infoProperty().addListener(o -> {
            if (session == selected.get()) {
                usageText.invalidate();
            }
        });
        if (selected.get() == null) {
            selected.set(session);
        }
    }

    /** Shows {@code session} at its ask, the window in front: what a click on its notification does. */
    public void open(SessionViewModel session) {
        if (sessions.contains(session)) {
            selected.set(session);
            opened.set(null);
            opened.set(session);
        }
        toFront.run();
    }

    /** The session a notification opened last: its view shows the ask. */
    public ReadOnlyObjectProperty<SessionViewModel> openedProperty() {
        return opened.getReadOnlyProperty();
    }

    /** How the window comes to the front (and out of the taskbar) when a notification opens a session. */
    public void setToFront(Runnable toFront) {
        this.toFront = toFront;
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
        sessions.stream().filter(s -> s.link() == relay.link()).forEach(notifications::forget);
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

    /** Each relay's state, in the order the relays were added. */
    public ObjectBinding<List<RelayStatus>> relayStatusesBinding() {
        return relayStatuses;
    }

    private static RelayStatus.State state(LinkState link) {
        switch (link.phase()) {
            case CONNECTED:
                return RelayStatus.State.CONNECTED;
            case CONNECTING:
                return RelayStatus.State.CONNECTING;
            case RECONNECTING:
                return RelayStatus.State.RECONNECTING;
            case FAILED:
                return RelayStatus.State.NOT_CONNECTED;
            default:
                return RelayStatus.State.CLOSED;
        }
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
        notifications.close();
        relays.forEach(RelayViewModel::close);
    }
}
