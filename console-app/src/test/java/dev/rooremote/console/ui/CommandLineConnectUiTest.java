package dev.rooremote.console.ui;

import static dev.rooremote.console.ui.ConsoleUi.onFx;
import static dev.rooremote.console.ui.ConsoleUi.showing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.app.ConsoleOptions;
import java.time.Duration;
import java.util.Map;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** A relay named on the command line that the console refuses to connect to. */
@ExtendWith(ApplicationExtension.class)
class CommandLineConnectUiTest {

    @RegisterExtension
    final ConsoleUi ui = new ConsoleUi();

    @Test
    void aRefusedUrlOpensTheConnectDialogWithTheReason(FxRobot robot) throws Exception {
        ConsoleOptions options = ConsoleOptions.parse(
                new String[] {"--url", "ws://relay.example.com:8443", "--user", "alice"},
                Map.of("ROO_CONSOLE_PASSWORD", "not-echoed-secret"));
        assertThat(options.autoConnect()).isTrue();

        robot.interact(() -> ui.window.autoConnect(options));

        await().atMost(Duration.ofSeconds(20)).until(() -> showing(robot, "#connect-dialog"));
        String error =
                onFx(() -> robot.lookup("#connect-error").queryAs(Label.class).getText());
        assertThat(error).contains("Use wss:// for relay.example.com").doesNotContain("not-echoed-secret");
    }
}
