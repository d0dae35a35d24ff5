package dev.rooremote.console.ui;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real relay for the console's UI tests, built the way {@code roo-relay serve} builds one: TLS with
 * its self-signed certificate on 127.0.0.1 (port chosen by the system), the H2 event log in a temporary
 * data folder, and two demo Roo sessions on real Unix sockets, played a little faster than real.
 * Users: alice (admin), bob (operator), carol (viewer).
 */
final class RelayFixtures {

    static final List<String> SESSIONS = List.of("demo-1", "demo-2");
    private static final Map<String, Role> USERS =
            Map.of("alice", Role.ADMIN, "bob", Role.OPERATOR, "carol", Role.VIEWER);

    private RelayFixtures() {}

    static RelayRuntime start() throws Exception {
        SessionOptions options = SessionOptions.fast(Duration.ofMillis(600), Duration.ofMillis(300))
                .withDemoTiming(new DemoRoo.Timing(
                        Duration.ofMillis(4), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(300)));
        RelayRuntime relay = RelayRuntime.start(
                RelayRuntime.Options.of(Files.createTempDirectory("console-relay"), "127.0.0.1", 0),
                (log, settings, dataDir, metrics) -> new SessionManager(
                        log,
                        settings,
                        dataDir,
                        SESSIONS.stream()
                                .map(name -> (SessionConfig) new SessionConfig.Demo(name))
                                .toList(),
                        options));
        USERS.forEach((user, role) -> relay.auth().users().add(user, role, password(user)));
        return relay;
    }

    static String password(String user) {
        return user + "-secret-password";
    }

    static String url(RelayRuntime relay) {
        return relay.url();
    }

    static String fingerprint(RelayRuntime relay) {
        return relay.fingerprint();
    }

    /** A session setting as the relay stored it (what the next task is started with). */
    static String setting(RelayRuntime relay, String sessionId, String key) {
        return new dev.rooremote.relay.store.JdbcSettingsStore(relay.database())
                .load(sessionId)
                .map(settings -> settings.path(key).asText())
                .orElse("");
    }
}
