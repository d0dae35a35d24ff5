package dev.rooremote.testsupport;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.relay.roo.DemoEndpoint;
import dev.rooremote.relay.server.Limits;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.testsupport.data.TestFiles;
import dev.rooremote.testsupport.roo.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real relay in this JVM for integration tests: TLS on 127.0.0.1 with a free port, a temporary
 * data dir, demo Roo sessions ({@code demo-1} ... {@code demo-N}) behind real Unix sockets, and three
 * users: {@code alice} (admin), {@code bob} (operator) and {@code carol} (viewer), each with the
 * password {@code <name>-password}.
 *
 * <p>Use it as a plain {@link AutoCloseable} ({@code try (var relay = RelayFixture.builder().start())}),
 * or as a JUnit 5 extension: {@code @RegisterExtension static RelayFixture relay = RelayFixture.builder().build();}
 * starts it once for the class; a non-static field starts one per test.
 */
public final class RelayFixture
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** User name to password of the users every fixture has. */
    public static final Map<String, String> PASSWORDS =
            Map.of("alice", "alice-password", "bob", "bob-password", "carol", "carol-password");

    private static final Map<String, Role> ROLES =
            Map.of("alice", Role.ADMIN, "bob", Role.OPERATOR, "carol", Role.VIEWER);

    private final int demoSessions;
    private final Map<String, Path> attached;
    private final List<SessionConfig.Launch> launched;
    private final boolean plain;
    private final SessionOptions sessionOptions;
    private final DemoRoo.Timing demoTiming;
    private final Limits limits;
    private final Duration accessTokenLifetime;
    private final Path givenDataDir;
    private Path dataDir;
    private RelayRuntime runtime;
    private int port;
    private boolean perClass;

    private RelayFixture(Builder builder) {
        this.demoSessions = builder.demoSessions;
        this.attached = new LinkedHashMap<>(builder.attached);
        this.launched = List.copyOf(builder.launched);
        this.plain = builder.plain;
        this.sessionOptions = builder.sessionOptions;
        this.demoTiming = builder.demoTiming;
        this.limits = builder.limits;
        this.accessTokenLifetime = builder.accessTokenLifetime;
        this.givenDataDir = builder.dataDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the relay (once; later calls do nothing). */
    public synchronized RelayFixture start() {
        if (runtime != null) {
            return this;
        }
        try {
            if (dataDir == null) {
                dataDir = givenDataDir != null ? givenDataDir : Files.createTempDirectory("roo-relay-fixture");
            }
            runtime = launch(port);
            port = runtime.port();
            for (Map.Entry<String, Role> user : ROLES.entrySet()) {
                if (runtime.auth().users().find(user.getKey()).isEmpty()) {
                    runtime.auth().users().add(user.getKey(), user.getValue(), PASSWORDS.get(user.getKey()));
                }
            }
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test relay: " + e.getMessage(), e);
        }
    }

    /** Stops the relay and starts it again on the same data dir and port: sessions and logs survive. */
    public synchronized void restart() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
        try {
            runtime = launch(port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart the test relay on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Stops the relay and deletes its data dir (unless the builder was given one). */
    @Override
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
        if (dataDir != null && givenDataDir == null) {
            TestFiles.deleteTree(dataDir);
            dataDir = null;
        }
    }

    /** {@code wss://127.0.0.1:PORT/v1/ws} ({@code ws://} when plain). */
    public String url() {
        return running().url();
    }

    /** {@code https://127.0.0.1:PORT}: login, refresh, health and metrics. */
    public String httpUrl() {
        return running().httpUrl();
    }

    public int port() {
        return running().port();
    }

    /** The certificate's SHA-256 fingerprint (colon-separated upper-case hex), or null when plain. */
    public String fingerprint() {
        return running().fingerprint();
    }

    public X509Certificate certificate() {
        return running().tls() == null ? null : running().tls().certificate();
    }

    /** An SSL context that trusts exactly this relay's certificate (null when plain). */
    public SSLContext sslContext() {
        X509Certificate certificate = certificate();
        return certificate == null ? null : WsClient.trusting(certificate);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The demo session ids, {@code demo-1} first. */
    public List<String> sessionIds() {
        return running().sessionHub().sessionIds();
    }

    public String password(String user) {
        String password = PASSWORDS.get(user);
        if (password == null) {
            throw new IllegalArgumentException("the fixture has no user '" + user + "'; it has " + PASSWORDS.keySet());
        }
        return password;
    }

    /** A fresh access token for one of the fixture's users (skips the login round-trip). */
    public String accessToken(String user) {
        password(user);
        return running().auth().accessToken(user);
    }

    /** Creates an agent token named {@code name} for {@code sessions} and returns its secret. */
    public String agentToken(String name, Role role, String... sessions) {
        return running()
                .auth()
                .agentTokens()
                .create(name, role, new LinkedHashSet<>(List.of(sessions)), Duration.ofDays(1))
                .secret();
    }

    /** Revokes an agent token by name or id. */
    public boolean revokeAgentToken(String nameOrId) {
        return running().auth().agentTokens().revoke(nameOrId);
    }

    /** The running relay's parts (event log, auth, audit, metrics), for assertions. */
    public RelayRuntime runtime() {
        return running();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    private RelayRuntime launch(int onPort) throws Exception {
        List<SessionConfig> sessions = new ArrayList<>();
        for (int i = 1; i <= demoSessions; i++) {
            sessions.add(new SessionConfig.Demo("demo-" + i));
        }
        attached.forEach((name, socket) -> sessions.add(new SessionConfig.Attach(name, socket)));
        sessions.addAll(launched);
        return RelayRuntime.start(
                new RelayRuntime.Options(
                        dataDir, "127.0.0.1", onPort, plain, null, null, limits, null, accessTokenLifetime),
                (log, settings, dir, metrics) -> {
                    SessionManager manager = new SessionManager(
                            log, settings, dir, sessions, sessionOptions, DemoEndpoint.Factory.playing(demoTiming));
                    metrics.ipcBytesSource(manager::ipcBytesReceived);
                    return manager;
                });
    }

    private RelayRuntime running() {
        RelayRuntime current = runtime;
        if (current == null) {
            throw new IllegalStateException("the test relay is not running: call start() first");
        }
        return current;
    }

    /** How the fixture's relay is set up. */
    public static final class Builder {
        private int demoSessions = 2;
        private final Map<String, Path> attached = new LinkedHashMap<>();
        private final List<SessionConfig.Launch> launched = new ArrayList<>();
        private boolean plain;
        private SessionOptions sessionOptions = SessionOptions.fast(Duration.ofMillis(300));
        private DemoRoo.Timing demoTiming = DemoRoo.Timing.fast(Duration.ofMillis(150));
        private Limits limits = Limits.defaults();
        private Duration accessTokenLifetime;
        private Path dataDir;

        /** Demo sessions to run (default 2). */
        public Builder demoSessions(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("demo session count cannot be negative");
            }
            this.demoSessions = count;
            return this;
        }

        /** Also serve a session {@code name} attached to the Roo listening on {@code socket}. */
        public Builder attach(String name, Path socket) {
            attached.put(name, socket);
            return this;
        }

        /**
         * Also serve a session {@code name} that the relay launches with {@code commandTemplate} (as
         * {@code roo-relay serve --launch}), working in {@code workspace}.
         */
        public Builder launch(String name, Path workspace, String commandTemplate) {
            launched.add(new SessionConfig.Launch(name, workspace, commandTemplate));
            return this;
        }

        /** Serve plain WS on loopback instead of TLS. */
        public Builder plain(boolean plain) {
            this.plain = plain;
            return this;
        }

        /** Session timing; the default shows open asks as pending after 300 ms. */
        public Builder sessionOptions(SessionOptions options) {
            this.sessionOptions = options;
            return this;
        }

        /** How fast the demo sessions play; the default plays demo tasks in milliseconds. */
        public Builder demoTiming(DemoRoo.Timing timing) {
            this.demoTiming = timing;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** How long the access tokens of logins live (default and most: 15 minutes). */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = lifetime;
            return this;
        }

        /** Use this data dir (kept on close) instead of a temporary one. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public RelayFixture build() {
            return new RelayFixture(this);
        }

        /** Builds and starts. */
        public RelayFixture start() {
            return build().start();
        }
    }
}
