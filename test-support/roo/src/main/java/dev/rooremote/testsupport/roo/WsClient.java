package dev.rooremote.testsupport.roo;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small relay protocol client for tests on java.net.http: sends requests, keeps every frame it
 * receives, and waits for the ones a test names. Trusts only the pinned certificate it is given.
 * test-support shares it with the other modules' tests.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private final RelayCodec codec = new RelayCodec();
    private final List<ServerMessage> received = new java.util.LinkedList<>();
    private final List<String> rawFrames = new ArrayList<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    public volatile String closeReason;
    /** The sequence number of the last event frame received, of any session. */
    public final java.util.concurrent.atomic.AtomicLong lastEventSeq = new java.util.concurrent.atomic.AtomicLong();

    private final WebSocket socket;
    private final boolean manualDemand;
    /** How long a paced client waits after each frame before it reads the next; zero: it does not wait. */
    private volatile Duration pace;

    private WsClient(HttpClient http, String url, String token, boolean manualDemand, Map<String, String> headers) {
        this(http, url, token, manualDemand, headers, Duration.ZERO);
    }

    private WsClient(
            HttpClient http,
            String url,
            String token,
            boolean manualDemand,
            Map<String, String> headers,
            Duration pace) {
        this.manualDemand = manualDemand;
        this.pace = pace;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(URI.create(url), new Listener()).join();
    }

    public static HttpClient http(X509Certificate pinned) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(WAIT);
        if (pinned != null) {
            builder.sslContext(trusting(pinned));
        }
        return builder.build();
    }

    public static WsClient connect(HttpClient http, String url, String token) {
        return new WsClient(http, url, token, false, Map.of());
    }

    /** A connection whose upgrade request also carries {@code headers}, e.g. the {@code Origin} a browser sends. */
    public static WsClient connect(HttpClient http, String url, String token, Map<String, String> headers) {
        return new WsClient(http, url, token, false, headers);
    }

    /** A client that reads one frame and then stops reading until {@link #readAll()}. */
    public static WsClient connectSlow(HttpClient http, String url, String token) {
        return new WsClient(http, url, token, true, Map.of());
    }

    /** A client that keeps reading, but slowly: it waits {@code pace} after each frame before it reads the next. */
    public static WsClient connectPaced(HttpClient http, String url, String token, Duration pace) {
        return new WsClient(http, url, token, false, Map.of(), pace);
    }

    public static SSLContext trusting(X509Certificate certificate) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("relay", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(ClientMessage message) {
        sendRaw(codec.encode(message));
    }

    public void sendRaw(String text) {
        synchronized (socket) {
            socket.sendText(text, true).join();
        }
    }

    /**
     * The first unread frame matching {@code filter} (frames before it stay unread for later
     * awaits); fails after {@link #WAIT}.
     */
    @SuppressWarnings("unchecked")
    public <T extends ServerMessage> T await(Class<T> type, Predicate<T> filter) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (received) {
            while (true) {
                for (java.util.Iterator<ServerMessage> it = received.iterator(); it.hasNext(); ) {
                    ServerMessage next = it.next();
                    if (type.isInstance(next) && filter.test((T) next)) {
                        it.remove();
                        return (T) next;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "no matching " + type.getSimpleName() + " within " + WAIT + "; unread: " + received.size());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    public <T extends ServerMessage> T await(Class<T> type) {
        return await(type, m -> true);
    }

    public ServerMessage.Ack ack(String id) {
        return await(ServerMessage.Ack.class, a -> a.id().equals(id));
    }

    public ServerMessage.Error error(String id) {
        return await(ServerMessage.Error.class, e -> java.util.Objects.equals(e.id(), id));
    }

    /** Either the answer to {@code id}: an ack or an error. */
    public ServerMessage answer(String id) {
        return await(
                ServerMessage.class,
                m -> m instanceof ServerMessage.Ack a && a.id().equals(id)
                        || m instanceof ServerMessage.Error e && id.equals(e.id()));
    }

    public void readAll() {
        socket.request(Long.MAX_VALUE);
    }

    /** Reads on, but slowly: waits {@code pace} after each frame before it reads the next. */
    public void readPaced(Duration pace) {
        this.pace = pace;
        socket.request(1);
    }

    public List<ServerMessage> drained() {
        synchronized (received) {
            List<ServerMessage> all = new ArrayList<>(received);
            received.clear();
            return all;
        }
    }

    /** Every frame received so far, as the relay sent it, including those already taken by {@code await}. */
    public List<String> rawFrames() {
        synchronized (rawFrames) {
            return List.copyOf(rawFrames);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                synchronized (rawFrames) {
                    rawFrames.add(frame);
                }
                try {
                    ServerMessage message = codec.decodeServer(frame);
                    if (message instanceof ServerMessage.Event event) {
                        lastEventSeq.set(event.seq());
                    }
                    synchronized (received) {
                        received.add(message);
                        received.notifyAll();
                    }
                } catch (ProtocolException e) {
                    throw new AssertionError("relay sent an undecodable frame: " + frame, e);
                }
            }
            if (last && !pace.isZero()) {
                CompletableFuture.delayedExecutor(pace.toNanos(), TimeUnit.NANOSECONDS)
                        .execute(() -> webSocket.request(1));
            } else if (!manualDemand || !last) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
