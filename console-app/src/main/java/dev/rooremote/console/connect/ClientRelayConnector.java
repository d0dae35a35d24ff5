package dev.rooremote.console.connect;

import dev.rooremote.client.AuthClient;
import dev.rooremote.client.ConnectionProblem;
import dev.rooremote.client.FingerprintMismatchException;
import dev.rooremote.client.RelayAuthenticationException;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.Tofu;
import dev.rooremote.client.TokenPair;
import dev.rooremote.protocol.relay.ServerMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Opens relay connections with the client library. */
public final class ClientRelayConnector implements RelayConnector {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Override
    public String fetchFingerprint(URI url) throws IOException {
        return Tofu.fetch(url, TIMEOUT).fingerprint().toString();
    }

    @Override
    public RelayLink connect(
            URI url, RelayConnector.Credentials credentials, String fingerprint, Consumer<String> onRefreshToken)
            throws Exception {
        RememberedLogin login = new RememberedLogin(credentials, onRefreshToken);
        RelayClient.Builder builder = RelayClient.builder(url.toString())
                .credentials(login)
                .clientName("roo-console/" + RelayClient.VERSION)
                .reconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        if (fingerprint != null) {
            builder.fingerprint(fingerprint);
        }
        RelayClient client = builder.build();
        ClientRelayLink link = new ClientRelayLink(client, login);
        ServerMessage.Welcome welcome;
        try {
            welcome = client.connect().get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            client.close();
            throw translate(e.getCause());
        } catch (TimeoutException e) {
            client.close();
            throw new IOException(ConnectionProblem.describe(e, url.toString()));
        }
        link.welcomed(welcome);
        return link;
    }

    static Exception translate(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FingerprintMismatchException mismatch) {
                return new FingerprintChangedException(mismatch.expected(), mismatch.actual());
            }
        }
        if (error instanceof RelayAuthenticationException auth) {
            // The library says what the relay refused; what to do about it here is the console's to say.
            return new IOException(auth.getMessage() + ". Check the user name and password, then connect again.", auth);
        }
        return error instanceof Exception e ? e : new IOException(String.valueOf(error), error);
    }

    /**
     * Signs in with a password or a saved refresh token, then keeps refreshing; every new refresh
     * token goes to the console's store (refresh tokens rotate: an old one is worthless, and reusing
     * it revokes the whole family).
     */
    static final class RememberedLogin implements dev.rooremote.client.Credentials {
        private final String user;
        private final char[] password;
        private final String token;
        private final boolean refreshable;
        private final Consumer<String> onRefreshToken;
        private TokenPair current;
        private volatile String refreshToken;

        RememberedLogin(RelayConnector.Credentials given, Consumer<String> onRefreshToken) {
            this.user = given.user();
            this.password = given.password();
            this.token = given.token();
            this.refreshable = given.savedRefreshToken();
            this.onRefreshToken = onRefreshToken;
            this.refreshToken = refreshable ? token : null;
        }

        String refreshToken() {
            return refreshToken;
        }

        @Override
        public synchronized dev.rooremote.client.Credentials.AccessToken token(AuthClient auth, boolean renew)
                throws IOException, InterruptedException {
            if (current != null
                    && !renew
                    && current.expiresAt() != null
                    && Instant.now()
                            .plus(dev.rooremote.client.Credentials.REFRESH_MARGIN)
                            .isBefore(current.expiresAt())) {
                return new dev.rooremote.client.Credentials.AccessToken(current.accessToken(), current.expiresAt());
            }
            if (token != null && !refreshable) {
                // An agent token (or a pasted token): sent as it is.
                return new dev.rooremote.client.Credentials.AccessToken(token, null);
            }
            if (refreshToken != null) {
                try {
                    return use(auth.refresh(refreshToken));
                } catch (RelayAuthenticationException e) {
                    if (password == null) {
                        throw new RelayAuthenticationException(
                                e.httpStatus(),
                                "the saved sign-in is no longer valid (" + e.getMessage()
                                        + "); sign in with your password again",
                                e.retryAfter().orElse(null));
                    }
                }
            }
            if (password == null || user == null) {
                throw new RelayAuthenticationException(401, "no password or token to sign in with", null);
            }
            return use(auth.login(user, password));
        }

        private dev.rooremote.client.Credentials.AccessToken use(TokenPair pair) {
            current = pair;
            if (pair.refreshToken() != null) {
                refreshToken = pair.refreshToken();
                onRefreshToken.accept(pair.refreshToken());
            }
            return new dev.rooremote.client.Credentials.AccessToken(pair.accessToken(), pair.expiresAt());
        }
    }
}
