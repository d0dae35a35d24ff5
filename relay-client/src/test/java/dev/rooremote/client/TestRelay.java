package dev.rooremote.client;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.RelayFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The shared {@link RelayFixture} (the relay's own runtime: TLS with its self-signed certificate,
 * login, agent tokens, H2 event log, WebSocket server, fast demo Roo sessions) as these tests use
 * it. Users: alice (admin), bob (operator), carol (viewer).
 */
public final class TestRelay implements AutoCloseable {

    private static final Map<String, Role> ROLES =
            Map.of("alice", Role.ADMIN, "bob", Role.OPERATOR, "carol", Role.VIEWER);

    private final RelayFixture fixture;

    private TestRelay(RelayFixture fixture) {
        this.fixture = fixture;
    }

    public static TestRelay start(Path dataDir) {
        return new TestRelay(
                RelayFixture.builder().demoSessions(1).dataDir(dataDir).start());
    }

    /** wss://127.0.0.1:PORT/v1/ws */
    public String url() {
        return fixture.url();
    }

    public String fingerprint() {
        return fixture.fingerprint();
    }

    /** The demo session the tests drive. */
    public String session() {
        return fixture.sessionIds().get(0);
    }

    public String password(String user) {
        return fixture.password(user);
    }

    public Credentials credentials(String user) {
        return Credentials.password(user, password(user).toCharArray());
    }

    /** A new agent token with {@code user}'s role, limited to the demo session. */
    public String token(String user) {
        return fixture.agentToken(user + "-agent-" + System.nanoTime(), ROLES.get(user), session());
    }

    /** The audit entries of {@code actor} doing {@code action} (e.g. approve), newest first. */
    public List<AuditLog.Entry> audit(String actor, String action) {
        return fixture.runtime().audit().query(new AuditLog.Query(null, actor, action, null, null, 100));
    }

    /** Stops the relay and starts it again on the same data dir and port. */
    public void restart() {
        fixture.restart();
    }

    @Override
    public void close() {
        fixture.close();
    }
}
