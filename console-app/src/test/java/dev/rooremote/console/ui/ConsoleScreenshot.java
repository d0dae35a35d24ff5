package dev.rooremote.console.ui;

import dev.rooremote.console.app.ConsoleWindow;
import dev.rooremote.console.app.Theme;
import dev.rooremote.console.connect.ClientRelayConnector;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.fx.FxUiExecutor;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.tools.Png;
import dev.rooremote.testsupport.RelayFixture;
import dev.rooremote.testsupport.fx.FxThread;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Takes the README's screenshots (a program, not a test): a relay with two demo sessions, the console
 * connected, one session waiting on a followup and the other streaming a reply ({@code console.png});
 * then a file edit waiting for Approve or Deny ({@code console-approve.png}); then the settings tab with
 * Roo's live settings and provider profile ({@code console-settings.png}); then, in the dark theme, a
 * command approved from the console with its output ({@code console-dark.png}). Run it on a real display,
 * e.g. {@code xvfb-run -a -s "-screen 0 1400x900x24"}; the argument is the folder (default {@code docs}).
 */
public final class ConsoleScreenshot {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "docs");
        Path out = folder.resolve("console.png");
        try (RelayFixture relay = RelayFixtures.start()) {
            FxThread.start();
            ConsoleWindow[] window = new ConsoleWindow[1];
            FxThread.run(() -> {
                Theme.apply(false);
                Stage stage = new Stage();
                window[0] = new ConsoleWindow(
                        stage,
                        new ClientRelayConnector(),
                        new ConnectionStore(Files.createTempDirectory("console-shot")),
                        new FxUiExecutor(),
                        w -> new dev.rooremote.console.testing.RecordingNotifier(),
                        Theme.LIGHT);
                stage.setWidth(1360);
                stage.setHeight(860);
                stage.show();
                var form = window[0].connectViewModel();
                form.urlProperty().set(relay.url());
                form.userProperty().set("alice");
                form.passwordProperty().set(relay.password("alice"));
                form.presetFingerprint(relay.fingerprint());
                form.connect(link -> window[0].viewModel().add(link));
            });
            FxThread.until(() -> window[0].viewModel().sessions().size() == 2);
            SessionViewModel one = window[0].viewModel().sessions().get(0);
            SessionViewModel two = window[0].viewModel().sessions().get(1);
            FxThread.until(() ->
                    one.canOperateBinding().get() && two.canOperateBinding().get());
            FxThread.run(() -> {
                two.promptProperty().set("Explain how the relay streams replies: long 20000");
                two.send();
                one.promptProperty().set("Add a greeting file; ask me a followup question about the language");
                one.send();
            });
            FxThread.until(() -> one.followupProperty().get() != null
                    && !one.followupProperty().get().suggestions().isEmpty());
            FxThread.run(() -> {
                window[0].viewModel().selectedProperty().set(one);
            });
            Thread.sleep(1500);
            FxThread.run(() -> {
                Png.write(window[0].stage().getScene().snapshot(null), out);
            });
            System.out.println("wrote " + out.toAbsolutePath());

            // a new task in the other session (started by another client, as the console would ask to confirm)
            // replaces the streaming one and proposes a file edit
            startElsewhere(relay, two, "Add a greeting file");
            FxThread.run(() -> {
                window[0].viewModel().selectedProperty().set(two);
            });
            FxThread.until(() -> two.canApproveBinding().get());
            Thread.sleep(1500);
            shoot(window[0], folder.resolve("console-approve.png"));

            FxThread.run(() -> {
                window[0].viewModel().selectedProperty().set(one);
                selectTab(window[0], "settings-tab");
            });
            FxThread.until(() -> one.settings().loadedProperty().get()
                    && one.profiles().activeProperty().get() != null);
            Thread.sleep(1000);
            shoot(window[0], folder.resolve("console-settings.png"));

            // the dark theme: a command approved from the console, its output under it
            FxThread.run(() -> {
                Theme.apply(true);
                selectTab(window[0], "live-tab");
            });
            startElsewhere(relay, one, "Run the tests with a command");
            FxThread.until(() -> one.canApproveBinding().get());
            FxThread.run(one::approve);
            FxThread.until(() -> ConsoleUi.completed(one));
            Thread.sleep(1500);
            shoot(window[0], folder.resolve("console-dark.png"));
            FxThread.run(() -> {
                window[0].stage().close();
            });
        }
        Platform.exit();
        System.exit(0);
    }

    /** A new task in {@code session}, started by another client (alice elsewhere), as a person would see it arrive. */
    private static void startElsewhere(RelayFixture relay, SessionViewModel session, String prompt) throws Exception {
        relay.runtime()
                .sessionHub()
                .perform(
                        new dev.rooremote.relay.session.Caller("alice", dev.rooremote.protocol.relay.Role.ADMIN, null),
                        new dev.rooremote.protocol.relay.ClientMessage.StartTask(
                                "shot", session.sessionId(), prompt, null, null))
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static void shoot(ConsoleWindow window, Path out) throws Exception {
        FxThread.run(() -> {
            Png.write(window.stage().getScene().snapshot(null), out);
        });
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** Selects the visible session's sub-tab with {@code id}. */
    private static void selectTab(ConsoleWindow window, String id) {
        for (var node : window.stage().getScene().getRoot().lookupAll(".tab-pane")) {
            if (node instanceof javafx.scene.control.TabPane pane && node.isVisible()) {
                pane.getTabs().stream()
                        .filter(tab -> id.equals(tab.getId()))
                        .findFirst()
                        .ifPresent(tab -> pane.getSelectionModel().select(tab));
            }
        }
    }
}
