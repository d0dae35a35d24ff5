package dev.rooremote.client;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.relay.ServerMessage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A WebSocket peer on a real loopback socket whose every frame the test writes by hand. It stands in
 * for the relay only where the real one cannot be made to misbehave on demand: duplicated and
 * missing events, unknown frame types, a link that drops while a request is in flight. Everything
 * else is tested against the real relay.
 */
public final class ScriptedRelay implements AutoCloseable {

    private final RelayCodec codec = new RelayCodec();
    private final Server server = new Server();
    private final ServerConnector connector;
    private final String fingerprint;
    private final BlockingQueue<ClientMessage> received = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Session session;
    private volatile boolean refuseUpgrades;
    private final java.util.List<String> upgradeTokens = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<String> authRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<String> otherRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile String validRefresh;
    private volatile long expiresInSeconds = 900;

    public ScriptedRelay() throws Exception {
        this(null);
    }

    /** With a data dir: serves wss:// with the relay's own self-signed certificate kept there. */
    ScriptedRelay(java.nio.file.Path tlsDataDir) throws Exception {
        if (tlsDataDir == null) {
            connector = new ServerConnector(server);
            fingerprint = null;
        } else {
            dev.rooremote.relay.tls.TlsIdentity identity =
                    dev.rooremote.relay.tls.TlsIdentity.selfSigned(dev.rooremote.relay.store.DataDir.open(tlsDataDir));
            org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl =
                    new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
            ssl.setKeyStore(identity.keyStore());
            ssl.setKeyStorePassword(new String(identity.password()));
            connector = new ServerConnector(server, ssl);
            fingerprint = identity.fingerprint();
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler websockets = WebSocketUpgradeHandler.from(
                server,
                container -> container.addMapping(RelayProtocol.WS_PATH, (request, response, callback) -> {
                    String authorization = request.getHeaders().get("Authorization");
                    upgradeTokens.add(authorization == null ? "" : authorization.replaceFirst("^Bearer ", ""));
                    if (refuseUpgrades) {
                        response.setStatus(401);
                        Content.Sink.write(
                                response, true, "{\"code\":\"unauthorized\",\"message\":\"token expired\"}", callback);
                        return null;
                    }
                    return new Endpoint();
                }));
        websockets.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, org.eclipse.jetty.util.Callback callback)
                    throws Exception {
                String path = Request.getPathInContext(request);
                if (!path.equals(RelayProtocol.LOGIN_PATH) && !path.equals(RelayProtocol.REFRESH_PATH)) {
                    // As a relay from before GET /v1/sessions answers every path it does not serve.
                    otherRequests.add(request.getMethod() + " " + path);
                    response.setStatus(404);
                    Content.Sink.write(
                            response,
                            true,
                            "{\"code\":\"bad_request\",\"message\":\"no such endpoint '" + path + "'\"}",
                            callback);
                    return true;
                }
                com.fasterxml.jackson.databind.JsonNode body =
                        dev.rooremote.protocol.roo.RooJson.parse(Content.Source.asString(request));
                authRequests.add(path + " " + body);
                boolean ok = path.equals(RelayProtocol.LOGIN_PATH)
                        ? body.path("password").asText().equals("secret")
                        : path.equals(RelayProtocol.REFRESH_PATH)
                                && body.path("refreshToken").asText().equals(validRefresh);
                if (!ok) {
                    response.setStatus(401);
                    Content.Sink.write(response, true, "{\"code\":\"unauthorized\",\"message\":\"refused\"}", callback);
                    return true;
                }
                int n = issued.incrementAndGet();
                validRefresh = "refresh-" + n;
                response.setStatus(200);
                Content.Sink.write(
                        response,
                        true,
                        "{\"accessToken\":\"access-" + n + "\",\"refreshToken\":\"refresh-" + n + "\",\"expiresIn\":"
                                + expiresInSeconds + ",\"role\":\"operator\",\"user\":\"alice\"}",
                        callback);
                return true;
            }
        });
        server.setHandler(websockets);
        server.start();
    }

    public String url() {
        return (fingerprint == null ? "ws" : "wss") + "://127.0.0.1:" + connector.getLocalPort();
    }

    /** The certificate's SHA-256 fingerprint as the relay prints it (null without TLS). */
    String fingerprint() {
        return fingerprint;
    }

    /** Bearer tokens of every upgrade request, in order. */
    /** Frames received and not read yet. */
    java.util.Collection<ClientMessage> pending() {
        return received;
    }

    /** True while a client is connected. */
    boolean connected() {
        return session != null;
    }

    public java.util.List<String> upgradeTokens() {
        return upgradeTokens;
    }

    /** Every HTTP request other than login and refresh (answered 404): method and path. */
    public java.util.List<String> otherRequests() {
        return otherRequests;
    }

    /** Every login and refresh request: path and body. */
    public java.util.List<String> authRequests() {
        return authRequests;
    }

    /** Access tokens issued from now on expire after this long. */
    public void tokenLifetime(Duration lifetime) {
        this.expiresInSeconds = lifetime.toSeconds();
    }

    void refuseUpgrades(boolean refuse) {
        this.refuseUpgrades = refuse;
    }

    int connections() {
        return connections.get();
    }

    /** The next frame the client sent, decoded. */
    public <T extends ClientMessage> T next(Class<T> type) throws InterruptedException {
        ClientMessage message = received.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("the client sent nothing within 10 s (expected " + type.getSimpleName() + ")");
        }
        if (!type.isInstance(message)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but the client sent " + message);
        }
        return type.cast(message);
    }

    /** Frames the client sent that nobody has read yet, waiting up to {@code wait} for the first. */
    ClientMessage poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void send(ServerMessage message) {
        sendRaw(codec.encode(message));
    }

    void sendRaw(String text) {
        Session s = session;
        if (s == null) {
            throw new IllegalStateException("no client connected");
        }
        s.sendText(text, Callback.NOOP);
    }

    /** Drops the current connection as a crashing relay would. */
    void drop() {
        Session s = session;
        if (s != null) {
            s.close(StatusCode.SERVER_ERROR, "relay going down", Callback.NOOP);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the scripted relay", e);
        }
    }

    public final class Endpoint implements Session.Listener.AutoDemanding {
        private Session own;

        @Override
        public void onWebSocketOpen(Session session) {
            own = session;
            ScriptedRelay.this.session = session;
            connections.incrementAndGet();
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                received.add(codec.decodeClient(text));
            } catch (ProtocolException e) {
                throw new AssertionError("the client sent an invalid frame: " + text, e);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            if (ScriptedRelay.this.session == own) {
                ScriptedRelay.this.session = null;
            }
            callback.succeed();
        }
    }
}
