package dev.rooremote.console.ui;

import static dev.rooremote.console.ui.ConsoleUi.showing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.client.AuthClientFactory;
import dev.rooremote.client.TlsTrust;
import dev.rooremote.console.connect.ConnectionStore;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console with two real relays (real TLS, login, demo Roo sessions): every saved relay connects
 * at start, tabs are grouped by relay under its name, and each relay's own status shows, including
 * one that is down and one that refuses the saved sign-in.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleFleetUiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final ConsoleUi ui = new ConsoleUi();

    private RelayFixture first;
    private RelayFixture second;

    @BeforeEach
    void startRelays() {
        first = RelayFixture.builder().demoSessions(1).start();
        second = RelayFixture.builder().demoSessions(2).start();
    }

    @AfterEach
    void stopRelays() {
        first.close();
        second.close();
    }

    /** Saves a relay as the add-a-relay dialog would: its certificate trusted and a refresh token. */
    private void save(String name, RelayFixture relay, String user) throws Exception {
        String refreshToken = AuthClientFactory.create(
                        relay.url(), TlsTrust.pinned(relay.fingerprint()), Duration.ofSeconds(10))
                .login(user, relay.password(user).toCharArray())
                .refreshToken();
        ui.store.trust(relay.url(), relay.fingerprint());
        ui.store.remember(new ConnectionStore.SavedConnection(name, relay.url(), user, refreshToken));
    }

    private static TabPane tabs(FxRobot robot) {
        return robot.lookup("#session-tabs").queryAs(TabPane.class);
    }

    private static List<String> tabTitles(FxRobot robot) {
        return tabs(robot).getTabs().stream().map(Tab::getText).toList();
    }

    /** What the status bar shows for each relay, one entry per relay, as on screen. */
    private static String status(FxRobot robot) throws Exception {
        javafx.scene.layout.HBox bar = robot.lookup("#status-relays").queryAs(javafx.scene.layout.HBox.class);
        // Read on the FX thread: the bar changes as relays connect.
        return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> bar.getChildren().stream()
                        .filter(javafx.scene.Node::isVisible)
                        .map(n -> n.getId() + "=" + ((Label) n).getText())
                        .collect(java.util.stream.Collectors.joining("\n")))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void everySavedRelayConnectsAtStartWithItsTabsAndItsOwnStatus(FxRobot robot) throws Exception {
        save("build-1", first, "alice");
        save("build-2", second, "bob");
        // A relay whose saved sign-in the relay refuses, and one that is not running at all.
        ui.store.remember(new ConnectionStore.SavedConnection("refused", first.url(), "carol", "no-such-token"));
        RelayFixture gone = RelayFixture.builder().demoSessions(1).start();
        String goneUrl = gone.url();
        ui.store.trust(goneUrl, gone.fingerprint());
        gone.close();
        ui.store.remember(new ConnectionStore.SavedConnection("gone", goneUrl, "alice", "some-token"));

        robot.interact(() -> assertThat(ui.window.connectSaved()).isTrue());

        await().atMost(WAIT).until(() -> tabs(robot).getTabs().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tabTitles(robot))
                .as("grouped by relay, each tab led by its relay's name")
                .containsExactly("build-1 · demo-1", "build-2 · demo-1", "build-2 · demo-2");
        await().atMost(WAIT)
                .until(() -> status(robot).contains("status-relay-build-1=build-1: connected")
                        && status(robot).contains("status-relay-build-2=build-2: connected")
                        && status(robot).contains("status-relay-refused=refused: not connected: ")
                        && status(robot).contains("status-relay-gone=gone: not connected: "));
        assertThat(status(robot).lines().map(l -> l.substring(0, l.indexOf('='))))
                .as("in the order the relays were saved")
                .containsExactly(
                        "status-relay-build-1", "status-relay-build-2", "status-relay-refused", "status-relay-gone");
        assertThat(robot.lookup("#status-relay-gone")
                        .queryAs(Label.class)
                        .getTooltip()
                        .getText())
                .as("the whole reason")
                .contains("cannot reach the relay")
                .contains(goneUrl.replace("/v1/ws", ""));
        assertThat(robot.lookup("#status-relay-refused")
                        .queryAs(Label.class)
                        .getTooltip()
                        .getText())
                .containsIgnoringCase("sign");
        assertThat(status(robot)).doesNotContain("no-such-token", "some-token");
        assertThat(robot.lookup("#status-connection").query().isVisible())
                .as("one line per relay instead")
                .isFalse();

        robot.interact(() -> ui.window.removeRelay("gone"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status(robot)).doesNotContain("gone");
        assertThat(ui.store.named("gone")).isEmpty();
        assertThat(ui.store.connections()).hasSize(3);
        assertThat(ui.store.named("build-2")).isPresent();

        second.close();
        await().atMost(WAIT).until(() -> status(robot).contains("build-2: connection lost, reconnecting"));
        assertThat(status(robot)).contains("build-1: connected");
    }

    @Test
    void theAddARelayDialogRefusesANameInUseThenAddsTheSecondRelay(FxRobot robot) throws Exception {
        save("build-1", first, "alice");
        robot.interact(() -> ui.window.connectSaved());
        await().atMost(WAIT).until(() -> tabs(robot).getTabs().size() == 1);

        robot.interact(() -> ui.window.showConnectDialog());
        robot.interact(() -> {
            robot.lookup("#connect-name").queryAs(TextField.class).setText("build-1");
            robot.lookup("#connect-url").queryAs(TextField.class).setText(second.url());
            robot.lookup("#connect-user").queryAs(TextField.class).setText("bob");
            robot.lookup("#connect-password").queryAs(TextField.class).setText(second.password("bob"));
        });
        robot.clickOn("#connect-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#connect-error").queryAs(Label.class).getText())
                .contains("A relay named 'build-1' is already in your list")
                .contains("Choose another name");

        robot.interact(
                () -> robot.lookup("#connect-name").queryAs(TextField.class).setText("build-2"));
        robot.clickOn("#connect-button");
        await().atMost(WAIT).until(() -> showing(robot, "#dialog-trust"));
        robot.clickOn("#dialog-trust");

        await().atMost(WAIT).until(() -> tabs(robot).getTabs().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tabTitles(robot)).containsExactly("build-1 · demo-1", "build-2 · demo-1", "build-2 · demo-2");
        assertThat(ui.store.connections())
                .extracting(ConnectionStore.SavedConnection::name)
                .containsExactly("build-1", "build-2");
        await().atMost(WAIT)
                .until(() -> status(robot).contains("build-1: connected")
                        && status(robot).contains("build-2: connected"));
    }
}
