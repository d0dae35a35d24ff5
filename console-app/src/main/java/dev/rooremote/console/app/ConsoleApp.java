package dev.rooremote.console.app;

import dev.rooremote.console.connect.ClientRelayConnector;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.connect.EarlyConnector;
import dev.rooremote.console.connect.RelayConnector;
import dev.rooremote.console.fx.FxUiExecutor;
import dev.rooremote.console.status.DesktopNotifier;
import java.net.URI;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application. Started through {@link ConsoleMain}, which reads the command line. */
public final class ConsoleApp extends Application {

    private static volatile ConsoleOptions options;
    private static volatile RelayConnector connector;
    private FxUiExecutor ui;

    static void launch(ConsoleOptions parsed) {
        options = parsed;
        connector = connectorFor(parsed);
        Application.launch(ConsoleApp.class);
    }

    /**
     * With a relay, a sign-in and its fingerprint on the command line, connecting begins now, while
     * JavaFX starts and the window is built (see {@link EarlyConnector}).
     */
    static RelayConnector connectorFor(ConsoleOptions parsed) {
        RelayConnector plain = new ClientRelayConnector();
        if (!parsed.autoConnect()
                || parsed.fingerprint() == null
                || parsed.fingerprint().isBlank()) {
            return plain;
        }
        URI url;
        try {
            url = URI.create(parsed.url().trim());
        } catch (IllegalArgumentException e) {
            return plain; // the form says what is wrong with it
        }
        if (!"wss".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return plain;
        }
        RelayConnector.Credentials credentials = parsed.token() != null
                ? new RelayConnector.Credentials(null, null, parsed.token().trim(), false)
                : new RelayConnector.Credentials(
                        parsed.user().trim(), parsed.password().toCharArray(), null, false);
        return EarlyConnector.begin(
                plain, url, credentials, parsed.fingerprint().trim());
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
        ConsoleWindow window = new ConsoleWindow(
                stage,
                connector != null ? connector : new ClientRelayConnector(),
                store,
                ui,
                DesktopNotifier::forWindow,
                theme);
        // Connecting starts before the window is shown: it runs in the background while JavaFX lays out
        // and draws the first frame, and the window shows "connecting…" meanwhile.
        boolean connecting;
        if (opts.autoConnect()) {
            window.autoConnect(opts);
            connecting = true;
        } else {
            connecting = opts.url() == null && window.connectSaved();
        }
        stage.show();
        if (!connecting) {
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
