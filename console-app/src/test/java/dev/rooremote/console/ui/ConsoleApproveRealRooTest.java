package dev.rooremote.console.ui;

import static dev.rooremote.console.ui.ConsoleUi.completed;
import static dev.rooremote.console.ui.ConsoleUi.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.BridgedRealRoo;
import dev.rooremote.testsupport.roo.RealRoo;
import java.time.Duration;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    private static final String SESSION = BridgedRealRoo.SESSION;
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    static BridgedRealRoo real = BridgedRealRoo.instance();

    @RegisterExtension
    final ConsoleUi ui = new ConsoleUi();

    @Test
    void aPersonApprovesTheWriteAndRooWritesTheFile(FxRobot robot) {
        SessionViewModel session =
                ui.connectAs(robot, real.relay(), "bob", 1, WAIT).get(0);
        robot.interact(() -> ((TextArea) visible(robot, "#prompt")).setText("write path=approved-in-console.txt"));
        robot.clickOn(visible(robot, "#new-task-button"));

        ConsoleUi.approve(robot, session, WAIT);

        await().atMost(WAIT).until(() -> completed(session));
        assertThat(real.workspace().resolve("approved-in-console.txt")).hasContent("hello from real roo");
        assertThat(real.relay().runtime().audit().query(new AuditLog.Query(null, "bob", "approve", SESSION, "ok", 10)))
                .anySatisfy(entry -> assertThat(entry.detail()).contains("approved-in-console.txt"));
    }
}
