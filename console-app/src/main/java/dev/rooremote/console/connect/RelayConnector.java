package dev.rooremote.console.connect;

import java.net.URI;
import java.util.function.Consumer;

/** Opens connections to relays. Both methods block; the console calls them off the FX thread. */
public interface RelayConnector {

    /**
     * What to connect with: a password, or a token. {@code savedRefreshToken} marks a token that is
     * a refresh token the console saved (it rotates on use); otherwise a token may be an agent token.
     */
    record Credentials(String user, char[] password, String token, boolean savedRefreshToken) {
        public boolean hasPassword() {
            return password != null && password.length > 0;
        }
    }

    /** The SHA-256 fingerprint of the certificate the relay at {@code url} presents, for first-use trust. */
    String fetchFingerprint(URI url) throws Exception;

    /**
     * Logs in and connects. {@code fingerprint} pins the relay's certificate (null only for plain
     * {@code ws://} on loopback). Throws {@link FingerprintChangedException} when the relay's
     * certificate is not the pinned one. {@code onRefreshToken} receives every refresh token the
     * relay hands out (they rotate), so a remembered connection always keeps the current one.
     */
    RelayLink connect(URI url, Credentials credentials, String fingerprint, Consumer<String> onRefreshToken)
            throws Exception;
}
