package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.relay.bridge.BridgeCommandExit;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit statuses on a real event log (its database on disk): kept through Roo's later updates and a restart. */
class CommandExitsTest {

    @TempDir
    Path dir;

    @Test
    void aStatusWaitsForItsMessageSurvivesRoosUpdatesAndARestartOfTheRelay() {
        ClineMessage output = ClineMessage.say(20, SayKind.COMMAND_OUTPUT, "3 passing", false);
        try (Database database = Database.open(dir)) {
            EventLog events = new EventLog(new JdbcEventStore(database, false));
            events.open("s", "s", EndpointKind.ATTACH, Capabilities.stockIpc());
            SessionLog log = new SessionLog("s", events);
            log.append(new SessionEvent.TaskStarted("t", "Run the tests", null));
            log.append(log.read(s -> s.messageEvent("t", ClineMessage.ask(10, AskKind.COMMAND, "npm test", false))));

            CommandExits exits = new CommandExits("s", log);
            // the bridge may be quicker than Roo's message: the status waits for it
            exits.report(new BridgeCommandExit("t", 20, ExitStatus.exited(0)));
            ClineMessage arrived = exits.decorate("t", output);
            assertThat(arrived.exitStatus()).isEqualTo(ExitStatus.exited(0));
            log.append(log.read(s -> s.messageEvent("t", arrived)));
            // Roo sends the message again, knowing nothing of exit statuses: the status stays
            assertThat(exits.decorate("t", output.withText("3 passing\n", false))
                            .exitStatus())
                    .isEqualTo(ExitStatus.exited(0));
            // other messages are left alone
            ClineMessage text = ClineMessage.say(30, SayKind.TEXT, "done", false);
            assertThat(exits.decorate("t", text)).isSameAs(text);
            events.close();
        }
        try (Database database = Database.open(dir)) {
            EventLog events = new EventLog(new JdbcEventStore(database, false));
            events.open("s", "s", EndpointKind.ATTACH, Capabilities.stockIpc());
            SessionLog log = new SessionLog("s", events);
            // after a restart the log still has it, and Roo's repeat does not wipe it
            assertThat(log.read(s -> s.message("t", 20)).orElseThrow().exitStatus())
                    .isEqualTo(ExitStatus.exited(0));
            assertThat(new CommandExits("s", log).decorate("t", output).exitStatus())
                    .isEqualTo(ExitStatus.exited(0));
        }
    }
}
