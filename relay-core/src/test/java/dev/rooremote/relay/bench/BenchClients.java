package dev.rooremote.relay.bench;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.RelayCodec;
import java.io.DataOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The client process of {@link ForwardingBenchmark}: its WSS clients connect, subscribe and say "ready",
 * note when each benchmark message arrives, then write the arrival times (client by client, message by
 * message; 0 for none) to a file and print how many clients were closed, e.g. cut off by the relay as
 * slow consumers. It stops waiting once every client has every message, or when nothing more has
 * arrived for {@link #IDLE_SECONDS} (a forwarder that cannot keep up would otherwise keep it for long).
 *
 * <p>Arguments: url, token, certificate file, output file, clients, messages, the first message's ts.
 */
public final class BenchClients {

    static final String READY = "ready";
    /** The last line: "closed N" and the close codes, e.g. "closed 3 1013". */
    static final String CLOSED = "closed";

    private static final long IDLE_SECONDS = 10;
    /** How Roo's IPC frame of a task event begins: what the floor forwards as it is. */
    private static final String ROO_EVENT = "{\"type\":\"message\",\"data\":{\"type\":\"TaskEvent\"";

    private BenchClients() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1];
        Path certificate = Path.of(args[2]);
        Path received = Path.of(args[3]);
        int count = Integer.parseInt(args[4]);
        int total = Integer.parseInt(args[5]);
        long base = Long.parseLong(args[6]);

        WebSocketClient websockets = new WebSocketClient(httpClient(certificate));
        websockets.start();
        long[][] arrivals = new long[count][total];
        CountDownLatch subscribed = new CountDownLatch(count);
        CountDownLatch done = new CountDownLatch(count);
        AtomicLong arrived = new AtomicLong();
        StringBuffer closeCodes = new StringBuffer();
        AtomicInteger closed = new AtomicInteger();
        RelayCodec codec = new RelayCodec();
        for (int c = 0; c < count; c++) {
            long[] mine = arrivals[c];
            AtomicInteger seen = new AtomicInteger();
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
            upgrade.setHeader("Authorization", "Bearer " + token);
            Collector collector = new Collector(
                    text -> {
                        long now = System.nanoTime();
                        int i = benchIndex(text, base, total);
                        if (i >= 0) {
                            mine[i] = now;
                            arrived.incrementAndGet();
                            if (seen.incrementAndGet() == total) {
                                done.countDown();
                            }
                        } else if (text.startsWith("{\"type\":\"ack\"") && text.contains("\"subscribed\"")) {
                            subscribed.countDown();
                        }
                    },
                    status -> {
                        closed.incrementAndGet();
                        closeCodes.append(' ').append(status);
                        if (seen.get() < total) {
                            done.countDown();
                        }
                    });
            Session session =
                    websockets.connect(collector, URI.create(url), upgrade).get(30, TimeUnit.SECONDS);
            session.sendText(codec.encode(new ClientMessage.Subscribe("s", "bench", null)), Callback.NOOP);
        }
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            System.out.println("not every client could subscribe");
            System.exit(1);
        }
        System.out.println(READY);
        System.out.flush();
        long last = -1;
        long idleSince = System.nanoTime();
        while (!done.await(1, TimeUnit.SECONDS)) {
            long now = arrived.get();
            if (now != last) {
                last = now;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(IDLE_SECONDS) && now > 0) {
                System.err.println("  (no message for " + IDLE_SECONDS + " s; " + now + " of " + (long) count * total
                        + " arrived)");
                break;
            }
        }
        try (DataOutputStream out =
                new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(received), 1 << 16))) {
            for (long[] perClient : arrivals) {
                for (long at : perClient) {
                    out.writeLong(at);
                }
            }
        }
        System.out.println(CLOSED + " " + closed.get() + closeCodes);
        System.out.flush();
        websockets.stop();
        System.exit(0);
    }

    /**
     * Which benchmark message a frame carries (from its {@code ts}), or -1: the relay's {@code event}
     * frame, or the floor's, which is Roo's own IPC frame. Clients decoding every frame fully would take
     * CPU from the forwarder on the same cores, so the clients only look for the number.
     */
    private static int benchIndex(String frame, long base, int total) {
        boolean relayEvent = frame.startsWith("{\"type\":\"event\"") && frame.contains("\"created\":true");
        boolean rooEvent = frame.startsWith(ROO_EVENT);
        if (!relayEvent && !rooEvent) {
            return -1;
        }
        int at = frame.indexOf("\"ts\":");
        if (at < 0) {
            return -1;
        }
        long ts = 0;
        for (int k = at + 5; k < frame.length() && Character.isDigit(frame.charAt(k)); k++) {
            ts = ts * 10 + (frame.charAt(k) - '0');
        }
        long i = ts - base;
        return i >= 0 && i < total ? (int) i : -1;
    }

    /** A Jetty HTTP client that trusts exactly the relay's certificate. */
    private static HttpClient httpClient(Path certificate) throws Exception {
        X509Certificate relay;
        try (var in = Files.newInputStream(certificate)) {
            relay = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("relay", relay);
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustStore(trust);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        return new HttpClient(new HttpClientTransportOverHTTP(connector));
    }

    /** Hands on every text frame as it arrives (on Jetty's I/O thread: no hop to another thread). */
    public static final class Collector implements Session.Listener.AutoDemanding {
        interface Sink {
            void frame(String text);
        }

        interface Closed {
            void status(int code);
        }

        private final Sink sink;
        private final Closed closed;

        Collector(Sink sink, Closed closed) {
            this.sink = sink;
            this.closed = closed;
        }

        @Override
        public void onWebSocketText(String text) {
            sink.frame(text);
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            closed.status(status);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // a close follows
        }
    }
}
