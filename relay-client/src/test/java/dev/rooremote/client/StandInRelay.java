package dev.rooremote.client;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.session.Permissions;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import dev.rooremote.relay.store.JdbcSettingsStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The relay's real sessions (event log on an H2 file, session manager, demo Roo on Unix sockets)
 * behind a minimal plain-WebSocket front that dispatches relay protocol v1 like the relay's server
 * does. It lets the client and CLI be tested against real session behaviour and a relay restart on
 * the same data; the relay's own server (TLS, login, limits) is tested with {@code RelayFixture}.
 * Tokens are user names: {@code alice} (admin), {@code bob} (operator), {@code carol} (viewer).
 */
public final class StandInRelay implements AutoCloseable {

    public static final String SESSION = "demo-1";
    private static final Map<String, Role> USERS =
            Map.of("alice", Role.ADMIN, "bob", Role.OPERATOR, "carol", Role.VIEWER);

    private final Path dataDir;
    private final RelayCodec codec = new RelayCodec();
    private Database database;
    private EventLog eventLog;
    private SessionManager sessions;
    private Server server;
    private ServerConnector connector;
    private int port;

    public StandInRelay(Path dataDir) throws Exception {
        this.dataDir = dataDir;
        start();
    }

    public String url() {
        return "ws://127.0.0.1:" + port;
    }

    /** Stops everything and starts again on the same data dir and port, as a restarted relay. */
    public void restart() throws Exception {
        stop();
        start();
    }

    private void start() throws Exception {
        database = Database.open(dataDir);
        eventLog = new EventLog(new JdbcEventStore(database));
        sessions = new SessionManager(
                eventLog,
                new JdbcSettingsStore(database),
                dataDir,
                List.of(new SessionConfig.Demo(SESSION)),
                SessionOptions.fast(Duration.ofMillis(300), Duration.ofMillis(300)));
        sessions.start();
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        WebSocketUpgradeHandler websockets = WebSocketUpgradeHandler.from(
                server,
                container -> container.addMapping(RelayProtocol.WS_PATH, (request, response, callback) -> {
                    String authorization = request.getHeaders().get("Authorization");
                    String user = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
                    Role role = USERS.get(user);
                    if (role == null) {
                        response.setStatus(401);
                        Content.Sink.write(
                                response, true, "{\"code\":\"unauthorized\",\"message\":\"unknown token\"}", callback);
                        return null;
                    }
                    return new Connection(new Caller(user, role, Set.of()));
                }));
        server.setHandler(websockets);
        server.start();
        port = connector.getLocalPort();
    }

    private void stop() throws Exception {
        server.stop();
        sessions.close();
        eventLog.close();
        database.close();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** One client: requests dispatched in order, frames written by one writer thread. */
    public final class Connection implements Session.Listener.AutoDemanding {
        private final Caller caller;
        private final ExecutorService writer = Executors.newSingleThreadExecutor();
        private final Consumer<ServerMessage> watcher = this::send;
        private volatile Session session;

        Connection(Caller caller) {
            this.caller = caller;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            sessions.sessionIds().forEach(id -> eventLog.unsubscribe(id, watcher));
            writer.shutdown();
        }

        @Override
        public void onWebSocketText(String text) {
            ClientMessage request;
            try {
                request = codec.decodeClient(text);
            } catch (ProtocolException e) {
                send(e.toError());
                return;
            }
            try {
                dispatch(request);
            } catch (RelayException e) {
                send(new ServerMessage.Error(request.id(), e.code(), e.getMessage(), sessionOf(request)));
            }
        }

        private void dispatch(ClientMessage request) {
            if (request instanceof ClientMessage.Hello hello) {
                send(new ServerMessage.Welcome(hello.id(), 1, "stand-in", caller.name(), caller.role(), infos()));
                hello.resume().forEach((id, seq) -> eventLog.subscribe(id, seq, watcher));
            } else if (request instanceof ClientMessage.Ping ping) {
                send(new ServerMessage.Ack(ping.id(), new AckResult.Pong(System.currentTimeMillis())));
            } else if (request instanceof ClientMessage.ListSessions list) {
                send(new ServerMessage.Ack(list.id(), new AckResult.Sessions(infos())));
            } else if (request instanceof ClientMessage.SessionRequest r) {
                if (!eventLog.isOpen(r.sessionId())) {
                    throw new RelayException(ErrorCode.UNKNOWN_SESSION, "no session '" + r.sessionId() + "'");
                }
                if (!caller.role().atLeast(Permissions.required(r))) {
                    throw new RelayException(
                            ErrorCode.FORBIDDEN,
                            caller.name() + " has the " + caller.role().wire() + " role; this needs "
                                    + Permissions.required(r).wire());
                }
                sessionRequest(r);
            }
        }

        private void sessionRequest(ClientMessage.SessionRequest r) {
            String id = r.sessionId();
            if (r instanceof ClientMessage.Subscribe s) {
                eventLog.unsubscribe(id, watcher);
                long seq = eventLog.subscribe(id, s.fromSeq(), watcher);
                send(new ServerMessage.Ack(s.id(), new AckResult.Subscribed(id, seq)));
            } else if (r instanceof ClientMessage.Unsubscribe u) {
                eventLog.unsubscribe(id, watcher);
                send(new ServerMessage.Ack(u.id(), null));
            } else if (r instanceof ClientMessage.GetHistory h) {
                send(new ServerMessage.Ack(
                        h.id(), new AckResult.History(id, eventLog.read(id, SessionState::history))));
            } else if (r instanceof ClientMessage.GetTranscript t) {
                Optional<TaskSummary> task = eventLog.read(id, s -> s.task(t.taskId()));
                List<ClineMessage> messages =
                        eventLog.read(id, s -> s.transcript(t.taskId())).orElse(List.of());
                if (task.isEmpty()) {
                    throw new RelayException(ErrorCode.UNKNOWN_TASK, "no task '" + t.taskId() + "'");
                }
                send(new ServerMessage.Ack(t.id(), new AckResult.Transcript(id, task.get(), messages)));
            } else {
                CompletableFuture<AckResult> result;
                try {
                    result = sessions.execute(caller, r);
                } catch (RuntimeException e) {
                    result = CompletableFuture.failedFuture(e);
                }
                result.whenComplete((ack, failure) -> {
                    if (failure == null) {
                        send(new ServerMessage.Ack(r.id(), ack));
                        return;
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    ErrorCode code = cause instanceof RelayException e ? e.code() : ErrorCode.INTERNAL_ERROR;
                    send(new ServerMessage.Error(r.id(), code, String.valueOf(cause.getMessage()), id));
                });
            }
        }

        private List<SessionInfo> infos() {
            return sessions.sessionIds().stream()
                    .filter(eventLog::isOpen)
                    .map(id -> eventLog.read(id, SessionState::info))
                    .toList();
        }

        private void send(ServerMessage message) {
            String text = codec.encode(message);
            try {
                writer.execute(() -> {
                    Session s = session;
                    if (s != null && s.isOpen()) {
                        Callback.Completable done = new Callback.Completable();
                        s.sendText(text, done);
                        done.join();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the connection closed
            }
        }

        private static String sessionOf(ClientMessage request) {
            return request instanceof ClientMessage.SessionRequest r ? r.sessionId() : null;
        }
    }
}
