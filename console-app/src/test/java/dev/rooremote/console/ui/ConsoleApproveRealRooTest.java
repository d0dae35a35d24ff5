package dev.rooremote.console.ui;

import static dev.rooremote.console.ui.ConsoleUi.completed;
import static dev.rooremote.console.ui.ConsoleUi.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.session.SessionBadge;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.RelayFixture;
import dev.rooremote.testsupport.roo.RealRoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The console's Approve button against the real Roo Code 3.52.1, which the relay launches with the
 * roo-remote-bridge extension it ships: a person approves the file Roo wants to write, Roo writes it
 * and finishes, and the approval is in the audit log with the file's name.
 */
@Tag(RealRoo.TAG)
@ExtendWith(ApplicationExtension.class)
class ConsoleApproveRealRooTest {

    private static final String SESSION = "roo";
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    private static Path workspace;
    private static RelayFixture relay;

    @RegisterExtension
    final ConsoleUi ui = new ConsoleUi();

    @BeforeAll
    static void launch() throws Exception {
        RealRoo.assumeAvailable();
        workspace = Files.createDirectories(dir.resolve("ws"));
        String template =
                RealRoo.launchTemplate(Files.createDirectories(dir.resolve("roo-logs"))) + " --extensions {bridgeVsix}";
        relay = RelayFixture.builder()
                .demoSessions(0)
                .launch(SESSION, workspace, template)
                .start();
        await().atMost(WAIT).until(() -> relay.runtime()
                .eventLog()
                .read(SESSION, (SessionState s) -> s.info().capabilities().approve()));
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void aPersonApprovesTheWriteAndRooWritesTheFile(FxRobot robot) {
        SessionViewModel session = ui.connectAs(robot, relay, "bob", 1, WAIT).get(0);
        robot.interact(() -> ((TextArea) visible(robot, "#prompt")).setText("write path=approved-in-console.txt"));
        robot.clickOn(visible(robot, "#new-task-button"));

        await().atMost(WAIT).until(() -> robot.lookup("#approve-button")
                .match(n -> n.isVisible() && !n.isDisabled() && n.getScene() != null)
                .tryQuery()
                .isPresent());
        assertThat(session.badge()).isEqualTo(SessionBadge.NEEDS_YOU);
        robot.clickOn(visible(robot, "#approve-button"));

        await().atMost(WAIT).until(() -> completed(session));
        assertThat(workspace.resolve("approved-in-console.txt")).hasContent("hello from real roo");
        assertThat(relay.runtime().audit().query(new AuditLog.Query(null, "bob", "approve", SESSION, "ok", 10)))
                .anySatisfy(entry -> assertThat(entry.detail()).contains("approved-in-console.txt"));
    }
}
