package dev.rooremote.relay.server;

import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.auth.AuthService;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.metrics.MeteredEventStore;
import dev.rooremote.relay.metrics.RelayMetrics;
import dev.rooremote.relay.push.PushContact;
import dev.rooremote.relay.push.PushNotifier;
import dev.rooremote.relay.push.PushSender;
import dev.rooremote.relay.push.PushSetup;
import dev.rooremote.relay.push.PushSubscriptions;
import dev.rooremote.relay.push.VapidKeyFile;
import dev.rooremote.relay.session.SessionHub;
import dev.rooremote.relay.session.SettingsStore;
import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import dev.rooremote.relay.store.JdbcSettingsStore;
import dev.rooremote.relay.store.ServeLock;
import dev.rooremote.relay.store.StoreTarget;
import dev.rooremote.relay.tls.TlsIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole running relay on one data dir: database, event log, auth, audit, metrics, the sessions and
 * the server, started in dependency order and closed in reverse. {@code roo-relay serve} and the
 * test fixture both build relays through this.
 */
public final class RelayRuntime implements AutoCloseable {

    /**
     * A system property that lets browsers subscribe with push endpoints on this machine or network,
     * over plain HTTP too: for a push service stand-in in tests, never for a relay people use.
     */
    public static final String LOCAL_PUSH_PROPERTY = "roo.relay.push.localEndpoints";

    /** The contact the relay names to push services in its VAPID tokens (RFC 8292 asks for one). */

    /** How long an ask must stay open before phones are told (one answered at once elsewhere is not pushed). */
    static final java.time.Duration PUSH_SETTLE = java.time.Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(RelayRuntime.class);

    /** Builds the sessions once the log and the settings store exist. */
    @FunctionalInterface
    public interface HubFactory {
        SessionHub create(EventLog eventLog, SettingsStore settings, Path dataDir, RelayMetrics metrics);
    }

    /**
     * How to run.
     *
     * @param tlsKeystore the user's PKCS#12 keystore, or null for the data dir's self-signed one
     * @param webConsole the classpath folder of the web console (null: {@code web-console})
     * @param tlsCert the user's PEM certificate chain (leaf first), with {@code tlsKey} its private key
     * @param store where the state is kept and the relay's name (null: the embedded database, named
     *     after the host)
     * @param pushContact the operator's address for push services (null: {@link PushContact#DEFAULT})
     */
    public record Options(
            Path dataDir,
            String bind,
            int port,
            boolean plain,
            Path tlsKeystore,
            Path tlsPasswordFile,
            Limits limits,
            Clock clock,
            Duration accessTokenLifetime,
            String webConsole,
            Path tlsCert,
            Path tlsKey,
            StoreTarget store,
            String pushContact) {

        public Options(
                Path dataDir,
                String bind,
                int port,
                boolean plain,
                Path tlsKeystore,
                Path tlsPasswordFile,
                Limits limits,
                Clock clock,
                Duration accessTokenLifetime) {
            this(
                    dataDir,
                    bind,
                    port,
                    plain,
                    tlsKeystore,
                    tlsPasswordFile,
                    limits,
                    clock,
                    accessTokenLifetime,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        public Options {
            if ((tlsKeystore == null) != (tlsPasswordFile == null)) {
                throw new IllegalArgumentException(
                        "--tls-keystore and --tls-password-file go together: pass both, or neither for the self-signed certificate");
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException(
                        "--tls-cert and --tls-key go together: pass both (the PEM chain and its private key), or neither");
            }
            if (tlsCert != null && tlsKeystore != null) {
                throw new IllegalArgumentException(
                        "--tls-cert/--tls-key and --tls-keystore are two ways to give your certificate: use one");
            }
            if (plain && (tlsKeystore != null || tlsCert != null)) {
                throw new IllegalArgumentException("--plain serves without TLS: drop --plain or the --tls-* options");
            }
            limits = limits == null ? Limits.defaults() : limits;
            clock = clock == null ? Clock.systemUTC() : clock;
            accessTokenLifetime = accessTokenLifetime == null ? AuthService.ACCESS_LIFETIME : accessTokenLifetime;
            store = store == null ? StoreTarget.embedded() : store;
            pushContact = PushContact.check(pushContact);
            if (accessTokenLifetime.isNegative()
                    || accessTokenLifetime.isZero()
                    || accessTokenLifetime.compareTo(AuthService.ACCESS_LIFETIME) > 0) {
                throw new IllegalArgumentException("access tokens live between 1 second and "
                        + AuthService.ACCESS_LIFETIME.toMinutes() + " minutes");
            }
        }

        /** The same options with access tokens that live {@code lifetime} (at most 15 minutes). */
        public Options withAccessTokenLifetime(Duration lifetime) {
            return with(copy -> copy.accessTokenLifetime = lifetime);
        }

        /** The same options serving the web console from another classpath folder. */
        public Options withWebConsole(String folder) {
            return with(copy -> copy.webConsole = folder);
        }

        /** The same options serving the certificate chain and key from PEM files, reloaded when they change. */
        public Options withPem(Path chain, Path key) {
            return with(copy -> {
                copy.tlsCert = chain;
                copy.tlsKey = key;
            });
        }

        /** The same options keeping the relay's state in {@code target}. */
        public Options withStore(StoreTarget target) {
            return with(copy -> copy.store = target);
        }

        /** The same options naming {@code contact} (mailto: or https:) to push services. */
        public Options withPushContact(String contact) {
            return with(copy -> copy.pushContact = contact);
        }

        private Options with(java.util.function.Consumer<Copy> change) {
            Copy copy = new Copy(this);
            change.accept(copy);
            return copy.options();
        }

        public static Options of(Path dataDir, String bind, int port) {
            return new Options(dataDir, bind, port, false, null, null, null, null, null);
        }
    }

    /** Options being changed: one field at a time, then checked again as new {@link Options}. */
    private static final class Copy {
        private final Path dataDir;
        private final String bind;
        private final int port;
        private final boolean plain;
        private final Path tlsKeystore;
        private final Path tlsPasswordFile;
        private final Limits limits;
        private final Clock clock;
        Duration accessTokenLifetime;
        String webConsole;
        Path tlsCert;
        Path tlsKey;
        StoreTarget store;
        String pushContact;

        Copy(Options options) {
            dataDir = options.dataDir();
            bind = options.bind();
            port = options.port();
            plain = options.plain();
            tlsKeystore = options.tlsKeystore();
            tlsPasswordFile = options.tlsPasswordFile();
            limits = options.limits();
            clock = options.clock();
            accessTokenLifetime = options.accessTokenLifetime();
            webConsole = options.webConsole();
            tlsCert = options.tlsCert();
            tlsKey = options.tlsKey();
            store = options.store();
            pushContact = options.pushContact();
        }

        Options options() {
            return new Options(
                    dataDir,
                    bind,
                    port,
                    plain,
                    tlsKeystore,
                    tlsPasswordFile,
                    limits,
                    clock,
                    accessTokenLifetime,
                    webConsole,
                    tlsCert,
                    tlsKey,
                    store,
                    pushContact);
        }
    }

    private final DataDir dataDir;
    private final ServeLock serveLock;
    private final Database database;
    private final EventLog eventLog;
    private final AuthService auth;
    private final AuditLog audit;
    private final RelayMetrics metrics;
    private final SessionHub hub;
    private final RelayServer server;
    private final PushNotifier notifier;

    private RelayRuntime(
            DataDir dataDir,
            ServeLock serveLock,
            Database database,
            EventLog eventLog,
            AuthService auth,
            AuditLog audit,
            RelayMetrics metrics,
            SessionHub hub,
            RelayServer server,
            PushNotifier notifier) {
        this.dataDir = dataDir;
        this.serveLock = serveLock;
        this.database = database;
        this.eventLog = eventLog;
        this.auth = auth;
        this.audit = audit;
        this.metrics = metrics;
        this.hub = hub;
        this.server = server;
        this.notifier = notifier;
    }

    /** Opens everything and starts serving; on failure closes what was opened and rethrows. */
    public static RelayRuntime start(Options options, HubFactory hubs) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            DataDir dataDir = DataDir.open(options.dataDir());
            ServeLock serveLock = ServeLock.take(dataDir);
            opened.add(serveLock);
            // The certificate (made on the first start) and the database (migrated) are ready sooner side by side.
            CompletableFuture<TlsIdentity> identity = CompletableFuture.supplyAsync(
                    () -> options.plain()
                            ? null
                            : options.tlsKeystore() != null
                                    ? TlsIdentity.fromKeystore(options.tlsKeystore(), options.tlsPasswordFile())
                                    : options.tlsCert() != null
                                            ? TlsIdentity.fromPem(options.tlsCert(), options.tlsKey())
                                            : TlsIdentity.selfSigned(dataDir),
                    runnable -> new Thread(runnable, "relay-tls-setup").start());
            Database database;
            try {
                database = options.store().open(dataDir);
            } finally {
                settle(identity);
            }
            opened.add(database);
            database.claimRelayName();
            TlsIdentity tls = settle(identity);
            ServerConfig config = new ServerConfig(
                    options.bind(),
                    options.port(),
                    options.plain(),
                    tls,
                    options.limits(),
                    options.webConsole(),
                    options.store().relayName());
            RelayMetrics metrics = new RelayMetrics();
            EventLog eventLog =
                    new EventLog(new MeteredEventStore(new JdbcEventStore(database), metrics), options.clock());
            AuthService auth = AuthService.create(database, options.clock(), options.accessTokenLifetime());
            AuditLog audit =
                    new AuditLog(database, options.clock(), options.store().relayName());
            JdbcSettingsStore settings = new JdbcSettingsStore(database);
            settings.resealAll();
            SessionHub hub = hubs.create(eventLog, settings, dataDir.root(), metrics);
            opened.add(0, hub);
            com.interaso.webpush.VapidKeys vapid = VapidKeyFile.load(dataDir);
            PushSubscriptions subscriptions =
                    new PushSubscriptions(database, options.clock(), Boolean.getBoolean(LOCAL_PUSH_PROPERTY));
            RelayServer server = new RelayServer(
                    config,
                    eventLog,
                    hub,
                    auth,
                    audit,
                    metrics,
                    options.clock(),
                    new PushSetup(subscriptions, VapidKeyFile.applicationServerKey(vapid)));
            opened.add(0, server);
            PushNotifier notifier = new PushNotifier(
                    eventLog,
                    subscriptions,
                    new PushSender(options.pushContact(), vapid),
                    database,
                    auth.users(),
                    options.clock(),
                    PUSH_SETTLE);
            opened.add(0, notifier);
            notifier.start();
            server.start();
            hub.start();
            if (tls != null && tls.expiresWithin(java.time.Duration.ofDays(30))) {
                LOG.warn(
                        "the TLS certificate in {} expires on {}: replace it soon",
                        tls.source(),
                        tls.certificate().getNotAfter());
            }
            return new RelayRuntime(
                    dataDir, serveLock, database, eventLog, auth, audit, metrics, hub, server, notifier);
        } catch (Exception | Error e) {
            for (AutoCloseable closeable : opened) {
                try {
                    closeable.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Waits for {@code identity} and rethrows its failure as it was thrown. */
    private static TlsIdentity settle(CompletableFuture<TlsIdentity> identity) {
        try {
            return identity.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    public Path dataDir() {
        return dataDir.root();
    }

    public Database database() {
        return database;
    }

    public EventLog eventLog() {
        return eventLog;
    }

    public AuthService auth() {
        return auth;
    }

    public AuditLog audit() {
        return audit;
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    public SessionHub sessionHub() {
        return hub;
    }

    public RelayServer server() {
        return server;
    }

    /** The SHA-256 fingerprint of the certificate served now, or null when serving plain. */
    public String fingerprint() {
        return server.fingerprint();
    }

    /** The certificate served now (renewed PEM files included), or null when serving plain. */
    public TlsIdentity tls() {
        return server.tls();
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return server.url();
    }

    public String httpUrl() {
        return server.httpUrl();
    }

    /** Stops serving, stops the sessions, then closes the log and the database. */
    @Override
    public void close() {
        try {
            notifier.close();
            server.close();
        } finally {
            try {
                hub.close();
            } catch (RuntimeException e) {
                LOG.warn("closing sessions: {}", e.toString());
            } finally {
                eventLog.close();
                database.close();
                serveLock.close();
            }
        }
    }
}
