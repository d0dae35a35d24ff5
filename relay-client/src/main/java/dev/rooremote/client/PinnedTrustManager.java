package dev.rooremote.client;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate: the one whose SHA-256 fingerprint was pinned. Host names
 * are deliberately not checked: the pin names the certificate itself, which is stronger than a
 * name match, and self-signed relay certificates are reached by whatever address works.
 *
 * <p>It extends {@link X509ExtendedTrustManager} so that JSSE does not wrap it and add its own
 * host-name check.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final Fingerprint pinned;
    private volatile FingerprintMismatchException lastMismatch;

    PinnedTrustManager(Fingerprint pinned) {
        this.pinned = pinned;
    }

    /** The last mismatch seen, so a failed handshake can be explained even if a transport hides the cause. */
    FingerprintMismatchException lastMismatch() {
        return lastMismatch;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the relay sent no certificate");
        }
        Fingerprint actual = Fingerprint.of(chain[0]);
        if (!actual.equals(pinned)) {
            FingerprintMismatchException mismatch = new FingerprintMismatchException(pinned, actual);
            lastMismatch = mismatch;
            throw mismatch;
        }
        try {
            chain[0].checkValidity();
        } catch (CertificateException e) {
            throw new CertificateException(
                    "the relay's pinned certificate is no longer valid (" + e.getMessage()
                            + "); renew it on the relay and pin the new fingerprint",
                    e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
