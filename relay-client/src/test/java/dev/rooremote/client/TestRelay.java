package dev.rooremote.client;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real relay for integration tests: the relay's own runtime (TLS with its self-signed
 * certificate, login, tokens, event log on H2, WebSocket server) on 127.0.0.1, with one demo Roo
 * session that plays fast. Users: alice (admin), bob (operator), carol (viewer).
 */
public final class TestRelay implements AutoCloseable {

    public static final String SESSION = "demo-1";
    private static final Map<String, Role> USERS =
            Map.of("alice", Role.ADMIN, "bob", Role.OPERATOR, "carol", Role.VIEWER);

    private final Path dataDir;
    private RelayRuntime runtime;
    private int port;

    private TestRelay(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static TestRelay start(Path dataDir) throws Exception {
        TestRelay relay = new TestRelay(dataDir);
        relay.run();
        for (Map.Entry<String, Role> user : USERS.entrySet()) {
            relay.runtime.auth().users().add(user.getKey(), user.getValue(), password(user.getKey()));
        }
        return relay;
    }

    private void run() throws Exception {
        runtime = RelayRuntime.start(
                RelayRuntime.Options.of(dataDir, "127.0.0.1", port),
                (log, settings, dir, metrics) -> new SessionManager(
                        log,
                        settings,
                        dir,
                        List.of(new SessionConfig.Demo(SESSION)),
                        SessionOptions.fast(Duration.ofMillis(300), Duration.ofMillis(300))));
        port = runtime.port();
    }

    /** wss://127.0.0.1:PORT */
    public String url() {
        return "wss://127.0.0.1:" + port;
    }

    public String fingerprint() {
        return runtime.fingerprint();
    }

    public String session() {
        return SESSION;
    }

    public static String password(String user) {
        return user + "-correct-horse-battery";
    }

    public Credentials credentials(String user) {
        return Credentials.password(user, password(user).toCharArray());
    }

    /** A new agent token for {@code user}'s role, limited to the demo session. */
    public String token(String user) {
        return runtime.auth()
                .agentTokens()
                .create(user + "-agent-" + System.nanoTime(), USERS.get(user), Set.of(SESSION), Duration.ofDays(1))
                .secret();
    }

    /** Stops the relay and starts it again on the same data dir and port. */
    public void restart() throws Exception {
        runtime.close();
        run();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
