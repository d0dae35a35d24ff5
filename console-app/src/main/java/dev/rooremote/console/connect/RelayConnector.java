package dev.rooremote.console.connect;

import java.net.URI;

/** Opens connections to relays. Both methods block; the console calls them off the FX thread. */
public interface RelayConnector {

    /** What to connect with: a password or a (refresh or agent) token, and the pinned fingerprint. */
    record Credentials(String user, char[] password, String token) {
        public boolean hasPassword() {
            return password != null && password.length > 0;
        }
    }

    /** The SHA-256 fingerprint of the certificate the relay at {@code url} presents, for first-use trust. */
    String fetchFingerprint(URI url) throws Exception;

    /**
     * Logs in and connects. {@code fingerprint} pins the relay's certificate (null only for plain
     * {@code ws://} on loopback). Throws {@link FingerprintChangedException} when the relay's
     * certificate is not the pinned one.
     */
    RelayLink connect(URI url, Credentials credentials, String fingerprint) throws Exception;
}
