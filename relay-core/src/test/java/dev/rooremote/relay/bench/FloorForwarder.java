package dev.rooremote.relay.bench;

import dev.rooremote.relay.tls.TlsIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The floor for {@link ForwardingBenchmark}: the least a forwarder on the relay's Jetty, with the relay's
 * TLS, can do. One thread reads Roo's Unix socket and sends each {@code \f}-delimited frame, its bytes as
 * they came, to every connected WebSocket client (the same bytes to each, as the relay does); there is no
 * session, no event log, no JSON, no decoding and no queue of its own. A client's first text (its
 * subscribe) is answered with an ack so that the benchmark's clients, unchanged, know when they are in.
 */
public final class FloorForwarder implements AutoCloseable {

    private static final String SUBSCRIBED = "{\"type\":\"ack\",\"id\":\"s\",\"result\":\"subscribed\"}";

    private final List<Session> clients = new CopyOnWriteArrayList<>();
    private final Server server;
    private final ServerConnector connector;
    private final SocketChannel roo;
    private final Thread reader;

    private FloorForwarder(TlsIdentity tls, Path rooSocket) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("floor-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false));
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(new String(tls.password()));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        connector = new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/v1/ws", (request, response, callback) -> new Client());
        }));
        server.start();
        roo = SocketChannel.open(UnixDomainSocketAddress.of(rooSocket));
        reader = new Thread(this::forward, "floor-roo-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the forwarder on a free port and connects it to the Roo stand-in at {@code rooSocket}. */
    static FloorForwarder start(TlsIdentity tls, Path rooSocket) throws Exception {
        return new FloorForwarder(tls, rooSocket);
    }

    String url() {
        return "wss://127.0.0.1:" + connector.getLocalPort() + "/v1/ws";
    }

    private void forward() {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try {
            while (roo.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b != '\f') {
                        frame.write(b);
                    } else if (frame.size() > 0) {
                        ByteBuffer text = ByteBuffer.wrap(frame.toByteArray()).asReadOnlyBuffer();
                        frame.reset();
                        for (Session client : clients) {
                            ((WebSocketSession) client)
                                    .getCoreSession()
                                    .sendFrame(
                                            new Frame(OpCode.TEXT, text.duplicate()),
                                            org.eclipse.jetty.util.Callback.NOOP,
                                            false);
                        }
                    }
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // closed with the benchmark
        }
    }

    @Override
    public void close() throws Exception {
        roo.close();
        server.stop();
    }

    public final class Client implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String text) {
            if (!clients.contains(session)) {
                clients.add(session);
                session.sendText(SUBSCRIBED, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            clients.remove(session);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            clients.remove(session);
        }
    }
}
