package dev.rooremote.relay.session;

import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.roo.DemoEndpoint;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import dev.rooremote.relay.store.JdbcSettingsStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A relay's session side for tests: the real H2 store in a temp data dir, the event log, and a
 * {@link SessionManager}; records every event each session appends.
 */
final class SessionKit implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Caller ALICE = new Caller("alice", Role.ADMIN, null);

    final Path dataDir;
    final Database database;
    final EventLog log;
    final SessionManager manager;
    final Map<String, List<ServerMessage.Event>> events = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    SessionKit(Path dataDir, List<SessionConfig> configs, SessionOptions options) {
        this.dataDir = dataDir;
        this.database = Database.open(dataDir);
        this.log = new EventLog(new JdbcEventStore(database, false));
        this.manager = new SessionManager(
                log,
                new JdbcSettingsStore(database),
                dataDir,
                configs,
                options,
                DemoEndpoint.Factory.playing(DemoRoo.Timing.fast(Duration.ofMillis(150))));
        for (SessionConfig config : configs) {
            List<ServerMessage.Event> list = new CopyOnWriteArrayList<>();
            events.put(config.name(), list);
            log.subscribe(config.name(), 0L, message -> {
                if (message instanceof ServerMessage.Event e) {
                    list.add(e);
                }
            });
        }
        manager.start();
    }

    /**
     * One session, {@code name}, launching the real Roo (see {@code RealRoo}) with the bridge extension the
     * relay ships, in {@code dir}; returned once Roo is connected and the bridge offers approvals.
     */
    static SessionKit realRooWithBridge(Path dir, String name, Duration start) throws java.io.IOException {
        Path workspace = java.nio.file.Files.createDirectories(dir.resolve("ws"));
        String template = dev.rooremote.testsupport.roo.RealRoo.launchTemplate(
                        java.nio.file.Files.createDirectories(dir.resolve("roo-logs")))
                + " --extensions {bridgeVsix}";
        SessionKit kit = new SessionKit(
                dir.resolve("data"), List.of(new SessionConfig.Launch(name, workspace, template)), fastOptions());
        try {
            await().atMost(start).until(() -> kit.read(name, SessionState::connection) == ConnectionStatus.CONNECTED);
            await().atMost(start)
                    .until(() -> kit.read(name, st -> st.info().capabilities().approve()));
        } catch (RuntimeException | Error e) {
            kit.close();
            throw e;
        }
        return kit;
    }

    static SessionOptions fastOptions() {
        return SessionOptions.fast(Duration.ofMillis(300));
    }

    String nextId() {
        return "r" + ids.incrementAndGet();
    }

    List<SessionEvent> events(String session) {
        List<SessionEvent> out = new ArrayList<>();
        events.get(session).forEach(e -> out.add(e.event()));
        return out;
    }

    <T extends SessionEvent> List<T> events(String session, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SessionEvent e : events(session)) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    <T> T read(String session, Function<SessionState, T> reader) {
        return log.read(session, reader);
    }

    void awaitConnected(String session) {
        await().atMost(WAIT).until(() -> read(session, SessionState::connection) == ConnectionStatus.CONNECTED);
    }

    TaskState taskState(String session, String taskId) {
        return read(session, s -> s.task(taskId).map(t -> t.state()).orElse(null));
    }

    String currentTask(String session) {
        return read(session, s -> s.currentTaskId().orElse(null));
    }

    void awaitState(String session, String taskId, TaskState state) {
        await().atMost(WAIT).until(() -> taskState(session, taskId) == state);
    }

    PendingAsk awaitPending(String session, String ask) {
        await().atMost(WAIT)
                .until(
                        () -> read(
                                session,
                                s -> s.pendingAsk().map(PendingAsk::ask).orElse(null)),
                        ask::equals);
        return read(session, s -> s.pendingAsk().orElseThrow());
    }

    void awaitEvent(String session, Predicate<SessionEvent> predicate) {
        await().atMost(WAIT).until(() -> events(session).stream().anyMatch(predicate));
    }

    List<ClineMessage> transcript(String session, String taskId) {
        return read(session, s -> s.transcript(taskId).orElse(List.of()));
    }

    Optional<ClineMessage> lastMessage(String session, String taskId, Predicate<ClineMessage> filter) {
        List<ClineMessage> all = transcript(session, taskId);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (filter.test(all.get(i))) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    AckResult execute(ClientMessage.SessionRequest request) {
        try {
            return manager.execute(ALICE, request).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RelayException r) {
                throw r;
            }
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    ErrorCode refused(ClientMessage.SessionRequest request) {
        try {
            execute(request);
        } catch (RelayException e) {
            return e.code();
        }
        throw new AssertionError("expected " + request + " to be refused");
    }

    String startTask(String session, String prompt) {
        AckResult result = execute(new ClientMessage.StartTask(nextId(), session, prompt, null, null));
        return ((AckResult.TaskStarted) result).taskId();
    }

    @Override
    public void close() {
        manager.close();
        log.close();
        database.close();
    }
}
