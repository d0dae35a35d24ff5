package dev.rooremote.console.app;

import dev.rooremote.console.connect.ConnectDialog;
import dev.rooremote.console.connect.ConnectViewModel;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.connect.RelayConnector;
import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.connect.SavedRelays;
import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.fx.FxDialogService;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.status.Notifier;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Puts the console together on a stage: view-models, views, the connect dialog, theme and
 * notifications. The app and the UI tests both build the console through here.
 */
public final class ConsoleWindow implements AutoCloseable {

    public static final double DEFAULT_WIDTH = 1200;
    public static final double DEFAULT_HEIGHT = 800;
    public static final double MIN_WIDTH = 960;
    public static final double MIN_HEIGHT = 640;

    private final Stage stage;
    private final RelayConnector connector;
    private final ConnectionStore store;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final ScheduledExecutorService timer;
    private final MainViewModel viewModel;
    private final Notifier notifier;
    private final ConnectViewModel connectViewModel;
    private final SavedRelays savedRelays;
    private Theme theme;
    private ConnectDialog connectDialog;

    public ConsoleWindow(
            Stage stage,
            RelayConnector connector,
            ConnectionStore store,
            UiExecutor ui,
            Function<Window, Notifier> notifiers,
            Theme theme) {
        this.stage = stage;
        this.connector = Objects.requireNonNull(connector);
        this.store = store;
        this.ui = ui;
        this.theme = theme;
        this.dialogs = new FxDialogService(stage);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-timer");
            t.setDaemon(true);
            return t;
        });
        this.notifier = notifiers.apply(stage);
        this.viewModel = new MainViewModel(ui, dialogs, timer, notifier);
        this.connectViewModel = new ConnectViewModel(connector, store, dialogs, ui);
        connectViewModel.setNameInUse(
                name -> viewModel.relays().stream().anyMatch(r -> r.name().equalsIgnoreCase(name)));
        this.savedRelays = new SavedRelays(connector, store, ui);

        MainView view = new MainView(
                viewModel,
                new MainView.Actions() {
                    @Override
                    public void connect() {
                        showConnectDialog();
                    }

                    @Override
                    public java.util.List<String> savedRelays() {
                        return store.connections().stream()
                                .map(ConnectionStore.SavedConnection::name)
                                .toList();
                    }

                    @Override
                    public void retry(String relay) {
                        connectSaved(relay);
                    }

                    @Override
                    public void remove(String relay) {
                        removeRelay(relay);
                    }

                    @Override
                    public void theme(Theme chosen) {
                        setTheme(chosen);
                    }

                    @Override
                    public void quit() {
                        stage.close();
                    }
                },
                theme,
                dialogs);
        Scene scene = new Scene(view, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        scene.getStylesheets().add(stylesheet("console.css"));
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.windowTitleBinding());
        // Below this every control no longer reads in full (EveryScreenReadsInFullUiTest checks both sizes).
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        viewModel.setToFront(() -> {
            stage.setIconified(false);
            stage.show();
            stage.toFront();
            stage.requestFocus();
        });
        stage.focusedProperty()
                .addListener(
                        (o, a, focused) -> viewModel.windowFocusedProperty().set(focused));
        stage.setOnHidden(e -> close());
        store.loadProblem().ifPresent(problem -> ui.runOnUi(() -> dialogs.showError("Saved relays", problem)));
    }

    private static String stylesheet(String name) {
        return Objects.requireNonNull(ConsoleWindow.class.getResource("/dev/rooremote/console/" + name))
                .toExternalForm();
    }

    public MainViewModel viewModel() {
        return viewModel;
    }

    public ConnectViewModel connectViewModel() {
        return connectViewModel;
    }

    public DialogService dialogs() {
        return dialogs;
    }

    public Stage stage() {
        return stage;
    }

    /**
     * Connects every saved relay that has a sign-in, each on its own; true if there was one. Each
     * relay's status shows "connecting…" until it is connected, or why it is not.
     */
    public boolean connectSaved() {
        if (savedRelays.startable().isEmpty()) {
            return false;
        }
        savedRelays.connectAll(viewModel::connecting, outcome());
        return true;
    }

    /** Connects the saved relay {@code name} again. */
    public void connectSaved(String name) {
        store.named(name).ifPresent(saved -> {
            viewModel.connecting(saved.name());
            savedRelays.connect(saved, outcome());
        });
    }

    private SavedRelays.Outcome outcome() {
        return new SavedRelays.Outcome() {
            @Override
            public void connected(String name, RelayLink link) {
                if (viewModel.unconnected().containsKey(name)) {
                    viewModel.add(name, link);
                } else {
                    // Removed while it was connecting.
                    link.close();
                }
            }

            @Override
            public void failed(String name, String reason) {
                if (viewModel.unconnected().containsKey(name)) {
                    viewModel.notConnected(name, reason);
                }
            }
        };
    }

    /** Disconnects the relay {@code name} and forgets it, so the next start does not connect it. */
    public void removeRelay(String name) {
        viewModel.remove(name);
        store.forgetRelay(name);
        connectViewModel.saved().setAll(store.connections());
    }

    /** Opens the "add a relay" dialog. */
    public ConnectDialog showConnectDialog() {
        if (connectDialog == null) {
            connectDialog = new ConnectDialog(stage, connectViewModel, this::connected);
        }
        connectDialog.show();
        return connectDialog;
    }

    /** Connects at start with what the command line gave, showing the dialog only on failure. */
    public void autoConnect(ConsoleOptions options) {
        connectViewModel.urlProperty().set(options.url());
        if (options.token() != null) {
            connectViewModel.useTokenProperty().set(true);
            connectViewModel.tokenProperty().set(options.token());
        } else {
            connectViewModel.userProperty().set(options.user());
            connectViewModel.passwordProperty().set(options.password());
        }
        connectViewModel.presetFingerprint(options.fingerprint());
        connectViewModel.rememberProperty().set(false);
        // Listening first: a URL the console refuses fails at once, and its dialog must open too.
        connectViewModel.errorProperty().addListener((o, a, error) -> {
            if (error != null && !error.isEmpty() && viewModel.relays().isEmpty()) {
                showConnectDialog();
            }
        });
        connectViewModel.connectNamed(this::connected);
    }

    private void connected(String name, RelayLink link) {
        viewModel.add(name, link);
    }

    private void setTheme(Theme chosen) {
        theme = chosen;
        store.setTheme(chosen.name().toLowerCase(java.util.Locale.ROOT));
        ui.whenDone(ui.supplyInBackground(chosen::dark), Theme::apply, e -> Theme.apply(false));
    }

    public Theme theme() {
        return theme;
    }

    @Override
    public void close() {
        viewModel.close();
        timer.shutdownNow();
        if (notifier instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Closing the notifications while the window goes: nothing left to tell anyone.
            }
        }
    }
}
