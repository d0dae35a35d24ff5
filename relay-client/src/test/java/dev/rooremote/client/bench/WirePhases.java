package dev.rooremote.client.bench;

import dev.rooremote.client.CountingProxy;
import dev.rooremote.client.Fingerprint;
import java.net.InetAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Splits what a {@link CountingProxy} carried to the client into phases: each {@link #mark} waits until
 * the wire has been quiet for a moment, then books the bytes and TLS records since the last mark.
 */
final class WirePhases {

    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    record Phase(long bytes, long records) {}

    private final CountingProxy proxy;
    private final Map<String, Phase> phases = new LinkedHashMap<>();
    private long bytes;
    private long records;

    WirePhases(CountingProxy proxy) {
        this.proxy = proxy;
        this.bytes = proxy.bytesToClient();
        this.records = proxy.recordsToClient();
    }

    /** Books what reached the client since the last mark as {@code name}, once the wire is quiet. */
    Phase mark(String name) {
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        long seen = proxy.bytesToClient();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < QUIET_NANOS && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            long now = proxy.bytesToClient();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
        long nowRecords = proxy.recordsToClient();
        Phase phase = new Phase(seen - bytes, nowRecords - records);
        phases.merge(name, phase, (a, b) -> new Phase(a.bytes + b.bytes, a.records + b.records));
        bytes = seen;
        records = nowRecords;
        return phase;
    }

    Map<String, Phase> phases() {
        return phases;
    }

    /**
     * A TLS handshake alone with the relay through the proxy, booked as {@code name}: what every
     * connection costs before its first byte of WebSocket. Returns the protocol and cipher suite agreed.
     */
    String handshake(String name, String fingerprint) throws Exception {
        Fingerprint pinned = Fingerprint.parse(fingerprint);
        X509TrustManager trust = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain.length == 0 || !pinned.matches(chain[0])) {
                    throw new CertificateException("not the relay's certificate");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        try (SSLSocket socket =
                (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.startHandshake();
            mark(name);
            return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
        }
    }

    /** Forgets what reached the client since the last mark (a connection's close, say). */
    void skip() {
        mark("(skipped)");
        phases.remove("(skipped)");
    }
}
