package dev.rooremote.console.ui;

import dev.rooremote.client.AuthClientFactory;
import dev.rooremote.client.TlsTrust;
import dev.rooremote.console.app.ConsoleWindow;
import dev.rooremote.console.app.Theme;
import dev.rooremote.console.connect.ClientRelayConnector;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.fx.FxUiExecutor;
import dev.rooremote.console.tools.Png;
import dev.rooremote.testsupport.RelayFixture;
import dev.rooremote.testsupport.fx.FxThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Takes the README's picture of a fleet ({@code console-fleet.png}), a program, not a test: two
 * relays saved as build-1 and build-2 connect at start, each tab leads with its relay's name, and
 * the status bar shows each relay's state, with a third saved relay that is not running. Run it
 * like {@link ConsoleScreenshot}: {@code xvfb-run -a -s "-screen 0 1400x900x24"}; the argument is
 * the folder (default {@code docs}).
 */
public final class ConsoleFleetScreenshot {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs").resolve("console-fleet.png");
        try (RelayFixture first = RelayFixtures.start();
                RelayFixture second = RelayFixture.builder().demoSessions(1).start()) {
            ConnectionStore store = new ConnectionStore(Files.createTempDirectory("console-fleet-shot"));
            save(store, "build-1", first);
            save(store, "build-2", second);
            RelayFixture gone = RelayFixture.builder().demoSessions(1).start();
            store.trust(gone.url(), gone.fingerprint());
            store.remember(new ConnectionStore.SavedConnection("ci", gone.url(), "alice", "expired"));
            gone.close();

            FxThread.start();
            ConsoleWindow[] window = new ConsoleWindow[1];
            FxThread.run(() -> {
                Theme.apply(false);
                Stage stage = new Stage();
                window[0] = new ConsoleWindow(
                        stage,
                        new ClientRelayConnector(),
                        store,
                        new FxUiExecutor(),
                        w -> new dev.rooremote.console.testing.RecordingNotifier(),
                        Theme.LIGHT);
                stage.setWidth(1360);
                stage.setHeight(860);
                stage.show();
                window[0].connectSaved();
            });
            FxThread.until(() -> window[0].viewModel().sessions().size() == 3
                    && window[0]
                            .viewModel()
                            .unconnected()
                            .getOrDefault("ci", "")
                            .startsWith("not connected"));
            FxThread.run(() -> {
                var sessions = window[0].viewModel().sessions();
                sessions.get(2).promptProperty().set("Explain how the relay streams replies: long 20000");
                sessions.get(2).send();
                window[0].viewModel().selectedProperty().set(sessions.get(2));
            });
            Thread.sleep(2500);
            FxThread.run(() -> {
                Png.write(window[0].stage().getScene().snapshot(null), out);
                window[0].stage().close();
            });
            System.out.println("wrote " + out.toAbsolutePath());
        }
        Platform.exit();
        System.exit(0);
    }

    private static void save(ConnectionStore store, String name, RelayFixture relay) throws Exception {
        String refreshToken = AuthClientFactory.create(
                        relay.url(), TlsTrust.pinned(relay.fingerprint()), Duration.ofSeconds(10))
                .login("alice", relay.password("alice").toCharArray())
                .refreshToken();
        store.trust(relay.url(), relay.fingerprint());
        store.remember(new ConnectionStore.SavedConnection(name, relay.url(), "alice", refreshToken));
    }
}
