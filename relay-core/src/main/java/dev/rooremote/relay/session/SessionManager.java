package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.bridge.BridgeVsix;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.roo.AttachEndpoint;
import dev.rooremote.relay.roo.DemoEndpoint;
import dev.rooremote.relay.roo.LaunchEndpoint;
import dev.rooremote.relay.roo.RooEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's sessions, one per configured Roo endpoint, in configuration order. Demo and launched
 * sessions get their sockets in the private folder {@code <dataDir>/run} (0700); launched sessions keep
 * their VS Code user data and log under {@code <dataDir>/sessions/<id>}.
 */
public final class SessionManager implements SessionHub {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    private final Map<String, RooSession> sessions = new LinkedHashMap<>();
    private final LongAdder ipcBytes = new LongAdder();
    private boolean started;
    private boolean closed;

    /**
     * Sessions whose demos play at about the real extension's pace.
     *
     * @throws IllegalArgumentException when two sessions share a name or a socket path is unusable
     */
    public SessionManager(
            EventLog log, SettingsStore settings, Path dataDir, List<SessionConfig> configs, SessionOptions options) {
        this(log, settings, dataDir, configs, options, DemoEndpoint.Factory.realistic());
    }

    /**
     * @param demos opens the endpoints of the demo sessions, at the pace the caller chose
     * @throws IllegalArgumentException when two sessions share a name or a socket path is unusable
     */
    public SessionManager(
            EventLog log,
            SettingsStore settings,
            Path dataDir,
            List<SessionConfig> configs,
            SessionOptions options,
            DemoEndpoint.Factory demos) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(demos, "demos");
        Set<String> names = new HashSet<>();
        for (SessionConfig config : configs) {
            if (!names.add(config.name())) {
                throw new IllegalArgumentException("two sessions are named '" + config.name()
                        + "': give each --attach, --launch and demo session its own name");
            }
        }
        Path root = dataDir.toAbsolutePath();
        Path run = root.resolve("run");
        RooEndpoint.Backoff backoff =
                new RooEndpoint.Backoff(options.reconnectInitial(), options.reconnectMax(), options.ackTimeout());
        for (SessionConfig config : configs) {
            String id = config.name();
            RooEndpoint endpoint;
            RooSettings defaults;
            if (config instanceof SessionConfig.Attach a) {
                endpoint = new AttachEndpoint(id, a.socket(), a.bridge(), backoff, ipcBytes);
                defaults = RooSettings.empty();
            } else if (config instanceof SessionConfig.Launch l) {
                endpoint = new LaunchEndpoint(
                        id,
                        run.resolve(id + ".sock"),
                        root.resolve("sessions").resolve(id),
                        l.workspace(),
                        l.commandTemplate(),
                        BridgeVsix.extract(root).orElse(null),
                        l.rooExtension(),
                        options.relaunchInitial(),
                        options.relaunchMax(),
                        backoff,
                        ipcBytes);
                defaults = RooSettings.empty();
            } else {
                SessionConfig.Demo d = (SessionConfig.Demo) config;
                endpoint = demos.open(d.name(), run.resolve(id + ".sock"), backoff, ipcBytes);
                defaults = SettingsProfile.DEMO_DEFAULTS;
            }
            log.open(id, id, endpoint.kind(), Capabilities.stockIpc());
            SettingsProfile profile = new SettingsProfile(id, settings, defaults);
            sessions.put(id, new RooSession(id, log, endpoint, profile, options));
        }
    }

    @Override
    public synchronized List<String> sessionIds() {
        return List.copyOf(sessions.keySet());
    }

    public Optional<RooSession> session(String sessionId) {
        synchronized (this) {
            return Optional.ofNullable(sessions.get(sessionId));
        }
    }

    /** Bytes received from every session's Roo so far (for metrics). */
    public long ipcBytesReceived() {
        return ipcBytes.sum();
    }

    @Override
    public CompletableFuture<AckResult> execute(Caller caller, ClientMessage.SessionRequest request) {
        return perform(caller, request).thenApply(Outcome::result);
    }

    @Override
    public CompletableFuture<Outcome> perform(Caller caller, ClientMessage.SessionRequest request) {
        RooSession session;
        synchronized (this) {
            session = sessions.get(request.sessionId());
        }
        if (session == null) {
            return CompletableFuture.failedFuture(new RelayException(
                    ErrorCode.UNKNOWN_SESSION, "no session '" + request.sessionId() + "' on this relay"));
        }
        return session.perform(caller, request);
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        sessions.values().forEach(RooSession::start);
        LOG.info("started {} session(s): {}", sessions.size(), sessions.keySet());
    }

    @Override
    public void close() {
        List<RooSession> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(sessions.values());
        }
        all.parallelStream().forEach(session -> {
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.warn("closing session '{}' failed", session.sessionId(), e);
            }
        });
    }
}
