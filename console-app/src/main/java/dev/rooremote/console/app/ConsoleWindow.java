package dev.rooremote.console.app;

import dev.rooremote.console.connect.ConnectDialog;
import dev.rooremote.console.connect.ConnectViewModel;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.connect.RelayConnector;
import dev.rooremote.console.connect.RelayLink;
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
    private final ConnectViewModel connectViewModel;
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
        this.viewModel = new MainViewModel(ui, dialogs, timer, notifiers.apply(stage));
        this.connectViewModel = new ConnectViewModel(connector, store, dialogs, ui);

        MainView view = new MainView(
                viewModel,
                new MainView.Actions() {
                    @Override
                    public void connect() {
                        showConnectDialog();
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
        stage.focusedProperty()
                .addListener(
                        (o, a, focused) -> viewModel.windowFocusedProperty().set(focused));
        stage.setOnHidden(e -> close());
        store.loadProblem().ifPresent(problem -> ui.runOnUi(() -> dialogs.showError("Saved connections", problem)));
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

    /** Opens the connect dialog. */
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
        connectViewModel.connect(this::connected);
        connectViewModel.errorProperty().addListener((o, a, error) -> {
            if (error != null && !error.isEmpty() && viewModel.relays().isEmpty()) {
                showConnectDialog();
            }
        });
    }

    private void connected(RelayLink link) {
        viewModel.add(link);
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
    }
}
