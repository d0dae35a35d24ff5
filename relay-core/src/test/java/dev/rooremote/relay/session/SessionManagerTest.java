package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.events.EventStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionManagerTest {

    @TempDir
    Path dir;

    /** The log is only opened here, never written. */
    static final EventStore NO_EVENTS = new EventStore() {
        @Override
        public boolean append(ServerMessage.Event event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ServerMessage.Event> load(String sessionId, long afterSeq, int limit) {
            return List.of();
        }

        @Override
        public void close() {}
    };

    @Test
    void sessionNamesAreValidatedAndUnique() {
        assertThatThrownBy(() -> new SessionConfig.Demo("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'has space'")
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> new SessionConfig.Demo("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);

        EventLog log = new EventLog(NO_EVENTS);
        assertThatThrownBy(() -> new SessionManager(
                        log,
                        SettingsProfile.memoryStore(),
                        dir,
                        List.of(new SessionConfig.Demo("a"), new SessionConfig.Attach("a", dir.resolve("a.sock"))),
                        SessionOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two sessions are named 'a'");
    }

    @Test
    void socketPathsTooLongForUnixSocketsAreRefusedUpFront() {
        EventLog log = new EventLog(NO_EVENTS);
        Path deep = dir.resolve("d".repeat(120));
        assertThatThrownBy(() -> new SessionManager(
                        log,
                        SettingsProfile.memoryStore(),
                        dir,
                        List.of(new SessionConfig.Attach("vm", deep.resolve("roo.sock"))),
                        SessionOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unix sockets allow");
    }

    @Test
    void opensEachSessionInTheLogInConfigurationOrderAndRefusesUnknownOnes() throws Exception {
        EventLog log = new EventLog(NO_EVENTS);
        SessionManager manager = new SessionManager(
                log,
                SettingsProfile.memoryStore(),
                dir,
                List.of(
                        new SessionConfig.Demo("zeta"),
                        new SessionConfig.Attach("alpha", dir.resolve("a.sock")),
                        new SessionConfig.Launch("code", dir, null)),
                SessionOptions.defaults());

        assertThat(manager.sessionIds()).containsExactly("zeta", "alpha", "code");
        assertThat(log.read("alpha", s -> s.info()).endpoint()).isEqualTo(EndpointKind.ATTACH);
        assertThat(log.read("code", s -> s.info()).endpoint()).isEqualTo(EndpointKind.LAUNCH);
        assertThat(log.read("zeta", s -> s.info()).capabilities().approve()).isFalse();
        assertThatThrownBy(() -> manager.execute(SessionKit.ALICE, new ClientMessage.GetSettings("1", "nope"))
                        .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RelayException.class)
                .hasMessageContaining("no session 'nope'");
        AckResult.Settings settings =
                (AckResult.Settings) manager.execute(SessionKit.ALICE, new ClientMessage.GetSettings("2", "zeta"))
                        .get(5, TimeUnit.SECONDS);
        assertThat(settings.settings()).containsKeys("mode", "autoApprovalEnabled");
        manager.close();
    }
}
