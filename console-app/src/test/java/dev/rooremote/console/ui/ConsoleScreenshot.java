package dev.rooremote.console.ui;

import dev.rooremote.console.app.ConsoleWindow;
import dev.rooremote.console.app.Theme;
import dev.rooremote.console.connect.ClientRelayConnector;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.console.fx.FxUiExecutor;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.console.tools.Png;
import dev.rooremote.testsupport.RelayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            ConsoleWindow[] window = new ConsoleWindow[1];
            onFx(() -> {
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
                return null;
            });
            until(() -> window[0].viewModel().sessions().size() == 2);
            SessionViewModel one = window[0].viewModel().sessions().get(0);
            SessionViewModel two = window[0].viewModel().sessions().get(1);
            until(() -> one.canOperateBinding().get() && two.canOperateBinding().get());
            onFx(() -> {
                two.promptProperty().set("Explain how the relay streams replies: long 20000");
                two.send();
                one.promptProperty().set("Add a greeting file; ask me a followup question about the language");
                one.send();
                return null;
            });
            until(() -> one.followupProperty().get() != null
                    && !one.followupProperty().get().suggestions().isEmpty());
            onFx(() -> {
                window[0].viewModel().selectedProperty().set(one);
                return null;
            });
            Thread.sleep(1500);
            onFx(() -> {
                Png.write(window[0].stage().getScene().snapshot(null), out);
                return null;
            });
            System.out.println("wrote " + out.toAbsolutePath());
            onFx(() -> {
                window[0].stage().close();
                return null;
            });
        }
        Platform.exit();
        System.exit(0);
    }

    private interface FxCall<T> {
        T call() throws Exception;
    }

    private static <T> T onFx(FxCall<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static void until(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the console did not get there within 60 s");
            }
            Thread.sleep(100);
        }
    }
}
