package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.auth.AuthService;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.metrics.RelayMetrics;
import dev.rooremote.relay.session.SessionHub;
import dev.rooremote.relay.tls.TlsIdentity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's network face: one Jetty port serving HTTPS (login, refresh, health, metrics, the web
 * console and its sign-in) and the WSS endpoint {@code /v1/ws}, whose upgrade {@link WebSocketGate}
 * checks. Each WebSocket is a {@link ClientConnection}.
 */
public final class RelayServer implements AutoCloseable {

    private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";
    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);

    static {
        // Jetty sizes its padding by how many object references fill a cache line and, unless told,
        // asks the JVM through JMX, which starts the platform MBean server and its beans (some 170
        // classes on the start path for one number). With compressed references (any heap under
        // 32 GB) it is 16.
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            boolean compressed = Runtime.getRuntime().maxMemory() < 32L * 1024 * 1024 * 1024;
            System.setProperty(REFERENCES_PER_CACHE_LINE, compressed ? "16" : "8");
        }
    }

    /** How often open connections' credentials are checked against revocations. */
    private static final Duration CREDENTIAL_CHECK = Duration.ofSeconds(2);
    /** How often the operator's PEM certificate files are checked for a renewal. */
    static final Duration CERTIFICATE_CHECK = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final SessionHub sessionHub;
    private final EventLog eventLog;
    private final AuthService auth;
    private final RelayMetrics metrics;
    private final RequestAudit requestAudit;
    private final Clock clock;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final Instant started;
    private final Server server;
    private final ServerConnector connector;
    private final HeaderDeadline headerDeadline;
    /** Reloads the operator's PEM files when they change; null for a keystore or plain. */
    private final CertificateReloader certificates;

    private final dev.rooremote.relay.push.PushSetup push;

    public RelayServer(
            ServerConfig config,
            EventLog eventLog,
            SessionHub sessionHub,
            AuthService auth,
            AuditLog audit,
            RelayMetrics metrics,
            Clock clock,
            dev.rooremote.relay.push.PushSetup push) {
        this.config = config;
        this.push = push;
        this.sessionHub = sessionHub;
        this.eventLog = eventLog;
        this.auth = auth;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), named("relay-send"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("relay-timer"));
        this.started = clock.instant();
        this.requestAudit = new RequestAudit(audit);
        this.headerDeadline = new HeaderDeadline(config.limits().headerTimeout(), System::nanoTime);
        ConnectionServices services = new ConnectionServices(
                eventLog,
                sessionHub,
                requestAudit,
                auth,
                metrics,
                config.limits(),
                clock,
                new WireCodec(new RelayCodec(config.limits().maxFrameBytes())),
                executor,
                scheduler,
                connections,
                push);

        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("relay-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Encoded dot segments and separators reach the handlers, which answer them 404 with the usual headers.
        http.setUriCompliance(UriCompliance.DEFAULT.with(
                "roo-relay",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
        if (config.plain()) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
            certificates = null;
        } else {
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(config.tls().keyStore());
            ssl.setKeyStorePassword(new String(config.tls().password()));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            certificates = config.tls().pem() == null ? null : new CertificateReloader(ssl, config.tls());
            connector = new ServerConnector(
                    server,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        }
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.addBean(headerDeadline);
        server.addConnector(connector);

        WebSocketUpgradeHandler websockets = WebSocketUpgradeHandler.from(server, container -> {
            // Messages arrive in fragments: ClientConnection keeps at most the frame limit of each and answers
            // larger ones with frame_too_large, so Jetty's own message limit would only cut that answer off.
            container.setMaxTextMessageSize(-1);
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping(RelayProtocol.WS_PATH, new WebSocketGate(services));
        });
        websockets.setHandler(new HttpApi(this, new WebConsole(config.webConsole())));
        server.setHandler(new SecurityHeaders(websockets, !config.plain()));

        metrics.clientsGauge(connections::size);
        metrics.sessionsGauge(() -> sessionHub.sessionIds().size());
        metrics.unstoredGauge(eventLog::unstored);
        metrics.storeHealth(eventLog::notKept, () -> eventLog.storeProblem().isPresent() ? 1 : 0);
        eventLog.addInfoListener(info -> connections.forEach(c -> c.sessionStatus(info)));
    }

    public void start() throws Exception {
        server.start();
        scheduler.scheduleWithFixedDelay(
                headerDeadline::sweep,
                headerDeadline.sweepMillis(),
                headerDeadline.sweepMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                this::endSignedOutConnections,
                CREDENTIAL_CHECK.toMillis(),
                CREDENTIAL_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        if (certificates != null) {
            scheduler.scheduleWithFixedDelay(
                    certificates::check,
                    CERTIFICATE_CHECK.toMillis(),
                    CERTIFICATE_CHECK.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("relay listening on {}", url());
    }

    /** The port actually bound (useful with port 0). */
    public ServerConfig config() {
        return config;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public boolean plain() {
        return config.plain();
    }

    /** The WebSocket URL clients connect to. */
    public String url() {
        return (config.plain() ? "ws" : "wss") + "://" + displayHost() + ":" + port() + RelayProtocol.WS_PATH;
    }

    /** The HTTP base URL (login, health). */
    public String httpUrl() {
        return (config.plain() ? "http" : "https") + "://" + displayHost() + ":" + port();
    }

    /** Web Push: the subscriptions and the relay's public VAPID key. */
    dev.rooremote.relay.push.PushSetup push() {
        return push;
    }

    /** The SHA-256 fingerprint of the certificate served now, or null when serving plain. */
    public String fingerprint() {
        TlsIdentity tls = tls();
        return tls == null ? null : tls.fingerprint();
    }

    /** The certificate new handshakes get (renewed PEM files included), or null when serving plain. */
    public TlsIdentity tls() {
        return certificates != null ? certificates.current() : config.tls();
    }

    public int clientCount() {
        return connections.size();
    }

    @Override
    public void close() {
        for (ClientConnection connection : connections) {
            connection.close(StatusCode.SHUTDOWN, "relay shutting down: reconnect and resume");
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
        executor.shutdown();
        scheduler.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the connections whose credentials no longer hold, whoever revoked them: this relay, or a
     * {@code roo-relay} command on the same data dir.
     */
    private void endSignedOutConnections() {
        if (eventLog.storeProblem().isPresent()) {
            // The database is away: each check would wait for it. Open connections go on meanwhile.
            return;
        }
        for (ClientConnection connection : connections) {
            try {
                connection.endIfSignedOut();
            } catch (RuntimeException e) {
                LOG.warn("cannot check a connection's credentials now: {}", e.toString());
            }
        }
    }

    SessionHub sessionHub() {
        return sessionHub;
    }

    AuthService auth() {
        return auth;
    }

    RequestAudit audit() {
        return requestAudit;
    }

    RelayMetrics metrics() {
        return metrics;
    }

    EventLog eventLog() {
        return eventLog;
    }

    Duration uptime() {
        return Duration.between(started, clock.instant());
    }

    private String displayHost() {
        String host = config.bind();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
