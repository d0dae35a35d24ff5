package dev.rooremote.client;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** How the client decides to trust the relay's TLS certificate. */
public final class TlsTrust {

    private final Fingerprint pinned;

    private TlsTrust(Fingerprint pinned) {
        this.pinned = pinned;
    }

    /** Trust exactly the certificate with this SHA-256 fingerprint (the relay's self-signed one). */
    public static TlsTrust pinned(Fingerprint fingerprint) {
        return new TlsTrust(java.util.Objects.requireNonNull(fingerprint, "fingerprint"));
    }

    public static TlsTrust pinned(String fingerprint) {
        return pinned(Fingerprint.parse(fingerprint));
    }

    /** Trust certificates the JDK's trust store trusts, with host-name verification. */
    public static TlsTrust system() {
        return new TlsTrust(null);
    }

    public Optional<Fingerprint> pinnedFingerprint() {
        return Optional.ofNullable(pinned);
    }

    /** True when host names must be checked (system trust); a pin names the certificate itself. */
    boolean verifiesHostName() {
        return pinned == null;
    }

    /** A new SSL context and, when pinned, its trust manager (to explain a failed handshake). */
    Context newContext() {
        try {
            if (pinned == null) {
                return new Context(SSLContext.getDefault(), null);
            }
            PinnedTrustManager manager = new PinnedTrustManager(pinned);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {manager}, new SecureRandom());
            return new Context(context, manager);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    record Context(SSLContext sslContext, PinnedTrustManager pinnedManager) {
        /** The fingerprint mismatch behind {@code failure}, if that is what it was. */
        Optional<FingerprintMismatchException> mismatch(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof FingerprintMismatchException m) {
                    return Optional.of(m);
                }
                for (Throwable s : t.getSuppressed()) {
                    if (s instanceof FingerprintMismatchException m) {
                        return Optional.of(m);
                    }
                }
            }
            return pinnedManager == null ? Optional.empty() : Optional.ofNullable(pinnedManager.lastMismatch());
        }
    }

    @Override
    public String toString() {
        return pinned == null ? "system trust store" : "pinned certificate " + pinned;
    }
}
