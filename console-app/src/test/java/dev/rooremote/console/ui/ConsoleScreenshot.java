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
 * Takes the README's screenshot (a program, not a test): a relay with two demo sessions, the console
 * connected, one session waiting on a followup and the other streaming a reply. Run it on a real
 * display, e.g. {@code xvfb-run -a -s "-screen 0 1400x900x24"}; writes {@code docs/console.png}.
 */
public final class ConsoleScreenshot {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/console.png");
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
                        w -> (t, x) -> {},
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
            FxThread.run(() -> {
                window[0].stage().close();
            });
        }
        Platform.exit();
        System.exit(0);
    }
}
