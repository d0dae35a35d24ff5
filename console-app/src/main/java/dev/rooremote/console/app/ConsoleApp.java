package dev.rooremote.console.app;

import dev.rooremote.console.connect.ClientRelayConnector;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.fx.FxUiExecutor;
import dev.rooremote.console.status.DesktopNotifier;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application. Started through {@link ConsoleMain}, which reads the command line. */
public final class ConsoleApp extends Application {

    private static volatile ConsoleOptions options;
    private FxUiExecutor ui;

    static void launch(ConsoleOptions parsed) {
        options = parsed;
        Application.launch(ConsoleApp.class);
    }

    @Override
    public void start(Stage stage) {
        ConsoleOptions opts =
                options != null ? options : new ConsoleOptions(null, null, null, null, null, null, Theme.SYSTEM);
        Path dir = opts.configDir() != null ? opts.configDir() : ConnectionStore.defaultDirectory();
        ConnectionStore store = new ConnectionStore(dir);
        Theme theme = opts.theme() != Theme.SYSTEM
                ? opts.theme()
                : store.theme().map(Theme::parse).orElse(Theme.SYSTEM);
        ui = new FxUiExecutor();
        // The OS query can take a moment; start light and switch once it answers.
        Theme.apply(theme == Theme.DARK);
        if (theme == Theme.SYSTEM) {
            ui.whenDone(ui.supplyInBackground(theme::dark), Theme::apply, e -> {});
        }
        ConsoleWindow window =
                new ConsoleWindow(stage, new ClientRelayConnector(), store, ui, DesktopNotifier::forWindow, theme);
        stage.show();
        if (opts.autoConnect()) {
            window.autoConnect(opts);
        } else if (opts.url() != null || !window.connectSaved()) {
            // Every saved relay connects at start; with none (or a relay named on the command line) the
            // "add a relay" dialog opens.
            if (opts.url() != null) {
                window.connectViewModel().urlProperty().set(opts.url());
            }
            if (opts.user() != null) {
                window.connectViewModel().userProperty().set(opts.user());
            }
            window.connectViewModel().presetFingerprint(opts.fingerprint());
            window.showConnectDialog();
        }
    }

    @Override
    public void stop() {
        if (ui != null) {
            ui.close();
        }
        Platform.exit();
    }
}
