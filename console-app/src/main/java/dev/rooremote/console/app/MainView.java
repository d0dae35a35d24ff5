package dev.rooremote.console.app;

import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.session.SessionBadge;
import dev.rooremote.console.session.SessionView;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.status.StatusBar;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/** The console window: menus, the session list, one tab per session, and the status bar. */
public final class MainView extends BorderPane {

    /** What the menus do beyond the view-model (windows and theme live in the app). */
    public interface Actions {
        /** Opens the "add a relay" dialog. */
        void connect();

        /** The names of the saved relays (the ones connected at start). */
        java.util.List<String> savedRelays();

        /** Tries again to connect a saved relay that is not connected. */
        void retry(String relay);

        /** Disconnects a relay and forgets it: it is not connected at the next start. */
        void remove(String relay);

        void theme(Theme theme);

        void quit();
    }

    static final String SHORTCUTS = String.join(
            "\n",
            "Ctrl+O              Add a relay",
            "Ctrl+N              New task (in the selected session)",
            "Ctrl+Enter          Send what is in the prompt box",
            "Ctrl+Shift+X        Cancel the running task",
            "Ctrl+Page Down/Up   Next / previous session",
            "Ctrl+Q              Quit",
            "F1                  This list");

    private final MainViewModel vm;
    private final TabPane tabs = new TabPane();
    private final Map<SessionViewModel, Tab> tabBySession = new HashMap<>();
    private final DialogService dialogs;
    private boolean syncing;

    public MainView(MainViewModel vm, Actions actions, Theme theme, DialogService dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        setId("main-view");
        setTop(menus(actions, theme));
        // A focused tab pane (a session's Live/History/Settings) would take Ctrl+Page Down/Up for its own
        // tabs: they switch sessions, as the Session menu says.
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && (e.getCode() == KeyCode.PAGE_DOWN || e.getCode() == KeyCode.PAGE_UP)) {
                if (e.getCode() == KeyCode.PAGE_DOWN) {
                    vm.selectNext();
                } else {
                    vm.selectPrevious();
                }
                e.consume();
            }
        });

        ListView<SessionViewModel> list = new ListView<>(vm.sessions());
        list.setId("session-list");
        list.setPrefWidth(220);
        list.setCellFactory(l -> new SessionCell());
        list.setPlaceholder(new Label("No sessions.\nRelay > Add a relay…"));

        tabs.setId("session-tabs");
        // Sessions come and go with the relay; a tab closes only with its relay's connection.
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Label empty = new Label("Add a relay to see its Roo sessions (Relay > Add a relay…, Ctrl+O).");
        empty.setId("no-sessions-hint");
        empty.getStyleClass().add("message-muted");
        StackPane center = new StackPane(empty, tabs);
        tabs.visibleProperty().bind(Bindings.isNotEmpty(vm.sessions()));
        // The hint would show through every transparent part of the tabs: it goes once there are sessions.
        empty.visibleProperty().bind(tabs.visibleProperty().not());

        vm.sessions().addListener((ListChangeListener<SessionViewModel>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(s -> {
                    Tab tab = tabBySession.remove(s);
                    if (tab != null) {
                        syncing = true;
                        tabs.getTabs().remove(tab);
                        syncing = false;
                    }
                });
                c.getAddedSubList().forEach(this::addTab);
            }
        });
        vm.sessions().forEach(this::addTab);

        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            if (!syncing && tab != null) {
                vm.selectedProperty().set((SessionViewModel) tab.getUserData());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (!syncing && s != null) {
                vm.selectedProperty().set(s);
            }
        });
        vm.openedProperty().addListener((o, a, s) -> {
            Tab tab = tabBySession.get(s);
            if (tab != null && tab.getContent() instanceof SessionView view) {
                view.showAsk();
            }
        });
        vm.selectedProperty().addListener((o, a, s) -> {
            syncing = true;
            try {
                Tab tab = tabBySession.get(s);
                if (tab != null) {
                    tabs.getSelectionModel().select(tab);
                }
                list.getSelectionModel().select(s);
            } finally {
                syncing = false;
            }
        });

        SplitPane split = new SplitPane(list, center);
        split.setDividerPositions(0.2);
        SplitPane.setResizableWithParent(list, false);
        setCenter(split);
        setBottom(new StatusBar(vm.statusTextBinding(), vm.relayStatusesBinding(), vm.usageTextBinding()));
    }

    private void addTab(SessionViewModel session) {
        if (tabBySession.containsKey(session)) {
            return;
        }
        Tab tab = new Tab();
        tab.setId("tab-" + session.sessionId());
        tab.setUserData(session);
        // With more than one relay, each tab leads with its relay's name (tabs are grouped by relay).
        tab.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> (vm.relays().size() + vm.unconnected().size() > 1 ? session.relayName() + " · " : "")
                                + session.nameProperty().get(),
                        session.nameProperty(),
                        vm.relays(),
                        vm.unconnected()));
        Circle dot = new Circle(5);
        dot.getStyleClass().add("badge-dot");
        Runnable style = () -> {
            dot.getStyleClass().removeIf(s -> s.startsWith("dot-"));
            dot.getStyleClass().add("dot-" + session.badge().name().toLowerCase(Locale.ROOT));
        };
        session.badgeProperty().addListener(o -> style.run());
        style.run();
        tab.setGraphic(dot);
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        tip.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> session.relayName() + " · " + session.badge().label(), session.badgeProperty()));
        tab.setTooltip(tip);
        tab.setContent(new SessionView(session, dialogs));
        tabBySession.put(session, tab);
        int at = Math.min(
                Math.max(vm.sessions().indexOf(session), 0), tabs.getTabs().size());
        tabs.getTabs().add(at, tab);
        if (vm.selectedProperty().get() == session) {
            syncing = true;
            tabs.getSelectionModel().select(tab);
            syncing = false;
        }
    }

    private MenuBar menus(Actions actions, Theme theme) {
        MenuItem connect = item("Add a relay…", "Shortcut+O", actions::connect);
        connect.setId("menu-connect");
        Menu relay = new Menu("Relay");
        relay.setId("menu-relay");
        Menu retry = new Menu("Connect again");
        retry.setId("menu-retry");
        Menu disconnect = new Menu("Disconnect");
        disconnect.setId("menu-disconnect");
        Menu remove = new Menu("Remove relay");
        remove.setId("menu-remove");
        Menu pair = new Menu("Pair a phone");
        pair.setId("menu-pair");
        relay.setOnShowing(e -> {
            retry.getItems().clear();
            vm.unconnected().keySet().forEach(name -> retry.getItems()
                    .add(item(name, null, () -> actions.retry(name))));
            retry.setDisable(retry.getItems().isEmpty());
            disconnect.getItems().clear();
            pair.getItems().clear();
            vm.relays().forEach(r -> {
                disconnect.getItems().add(item(r.name(), null, () -> vm.disconnect(r)));
                pair.getItems().add(item(r.name(), null, () -> vm.pairPhone(r)));
            });
            disconnect.setDisable(vm.relays().isEmpty());
            remove.getItems().clear();
            java.util.Set<String> names = new java.util.LinkedHashSet<>(actions.savedRelays());
            vm.relays().forEach(r -> names.add(r.name()));
            names.addAll(vm.unconnected().keySet());
            names.forEach(name -> remove.getItems().add(item(name, null, () -> actions.remove(name))));
            remove.setDisable(names.isEmpty());
            pair.setDisable(vm.relays().isEmpty());
        });
        relay.getItems()
                .addAll(
                        connect,
                        retry,
                        disconnect,
                        remove,
                        pair,
                        new SeparatorMenuItem(),
                        item("Quit", "Shortcut+Q", actions::quit));

        Menu session = new Menu("Session");
        session.getItems()
                .addAll(
                        item(
                                "New task",
                                "Shortcut+N",
                                () -> withSelected(s -> {
                                    focusPrompt(s);
                                    if (!s.promptProperty().get().isBlank()) {
                                        s.newTask();
                                    }
                                })),
                        // Ctrl+Enter is handled by the prompt box itself (a menu accelerator would send twice).
                        item("Send (Ctrl+Enter in the prompt)", null, () -> withSelected(SessionViewModel::send)),
                        item("Cancel task", "Shortcut+Shift+X", () -> withSelected(SessionViewModel::cancel)),
                        new SeparatorMenuItem(),
                        item("Next session", "Shortcut+Page_Down", vm::selectNext),
                        item("Previous session", "Shortcut+Page_Up", vm::selectPrevious));

        Menu view = new Menu("View");
        ToggleGroup group = new ToggleGroup();
        for (Theme t : Theme.values()) {
            RadioMenuItem choice =
                    new RadioMenuItem(t == Theme.SYSTEM ? "Follow the system" : t == Theme.LIGHT ? "Light" : "Dark");
            choice.setToggleGroup(group);
            choice.setSelected(t == theme);
            choice.setOnAction(e -> actions.theme(t));
            view.getItems().add(choice);
        }
        MenuItem shortcuts = item("Keyboard shortcuts", "F1", () -> dialogs.showText("Keyboard shortcuts", SHORTCUTS));
        shortcuts.setId("menu-shortcuts");
        MenuItem about = item(
                "About Roo Remote console",
                null,
                () -> dialogs.showText(
                        "About Roo Remote console",
                        ConsoleVersion.describe() + "\n\nWatch and drive Roo Code sessions on other machines through"
                                + " roo-relay."));
        about.setId("menu-about");
        Menu help = new Menu("Help");
        help.getItems().addAll(shortcuts, about);
        MenuBar bar = new MenuBar(relay, session, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private void focusPrompt(SessionViewModel s) {
        Tab tab = tabBySession.get(s);
        if (tab != null && tab.getContent() instanceof SessionView view) {
            view.focusPrompt();
        }
    }

    private void withSelected(java.util.function.Consumer<SessionViewModel> action) {
        SessionViewModel s = vm.selectedProperty().get();
        if (s != null) {
            action.accept(s);
        }
    }

    private static MenuItem item(String label, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(label);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    /** The session list entry: a colored dot, the name, the relay and the state. */
    private static final class SessionCell extends ListCell<SessionViewModel> {
        private final Circle dot = new Circle(5);
        private final Label name = new Label();
        private final Label detail = new Label();
        private final Label relay = new Label();
        private final Tooltip tip = new Tooltip();
        private final HBox row;
        private final javafx.beans.value.ChangeListener<SessionBadge> onBadge = (o, a, b) -> style(b);
        private SessionViewModel bound;

        SessionCell() {
            // Fit the list's width (long names end in "…") instead of scrolling sideways.
            setPrefWidth(0);
            detail.getStyleClass().add("message-muted");
            relay.getStyleClass().add("message-muted");
            dot.getStyleClass().add("badge-dot");
            // Name, state and relay each on a line of their own, so each reads in full in the narrow list.
            row = new HBox(8, dot, new VBox(1, name, detail, relay));
            row.setPadding(new Insets(2));
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(SessionViewModel s, boolean empty) {
            super.updateItem(s, empty);
            if (bound != null) {
                bound.badgeProperty().removeListener(onBadge);
                name.textProperty().unbind();
                bound = null;
            }
            setText(null);
            if (empty || s == null) {
                setGraphic(null);
                setId(null);
                return;
            }
            bound = s;
            s.badgeProperty().addListener(onBadge);
            name.textProperty().bind(s.nameProperty());
            style(s.badge());
            setId("session-item-" + s.sessionId());
            relay.setText(s.relayName());
            setTooltip(tip);
            setGraphic(row);
        }

        private void style(SessionBadge badge) {
            dot.getStyleClass().removeIf(c -> c.startsWith("dot-"));
            dot.getStyleClass().add("dot-" + badge.name().toLowerCase(Locale.ROOT));
            detail.setText(badge.label());
            tip.setText(
                    bound == null
                            ? badge.label()
                            : bound.nameProperty().get() + ": " + badge.label() + " at " + bound.relayName());
        }
    }
}
