package dev.rooremote.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trust on first use: fetches the certificate a relay presents, without trusting it, so that a
 * person can compare its fingerprint with the one the relay printed before pinning it.
 */
public final class Tofu {

    /** What the relay presented. */
    public record Presented(Fingerprint fingerprint, String subject, String issuer, java.time.Instant notAfter) {}

    private Tofu() {}

    /** Connects to the relay named by {@code url} ({@code wss://host:port}) and returns its certificate. */
    public static Presented fetch(URI url, Duration timeout) throws IOException {
        RelayUrl relay = RelayUrl.parse(url.toString());
        if (!relay.secure()) {
            throw new IllegalArgumentException(url + " is not a TLS address; only wss:// relays have a fingerprint");
        }
        X509Certificate[] seen = new X509Certificate[1];
        X509TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                if (chain != null && chain.length > 0) {
                    seen[0] = chain[0];
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {capture}, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(relay.host(), relay.port()), millis);
            plain.setSoTimeout(millis);
            try (SSLSocket tls =
                    (SSLSocket) context.getSocketFactory().createSocket(plain, relay.host(), relay.port(), false)) {
                tls.startHandshake();
            }
        } catch (IOException e) {
            throw new IOException(ConnectionProblem.describe(e, relay), e);
        }
        if (seen[0] == null) {
            throw new IOException("the relay at " + relay.host() + ":" + relay.port() + " sent no certificate");
        }
        X509Certificate cert = seen[0];
        return new Presented(
                Fingerprint.of(cert),
                cert.getSubjectX500Principal().getName(),
                cert.getIssuerX500Principal().getName(),
                cert.getNotAfter().toInstant());
    }
}
