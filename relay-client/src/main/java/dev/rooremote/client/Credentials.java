package dev.rooremote.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the bearer token for the WebSocket upgrade comes from. The client asks for a token before
 * each connection attempt and again, with {@code renew} set, when the relay refused the last one or
 * it is about to expire; implementations refresh access tokens as needed.
 *
 * <p>Calls come from the client's connector thread, one at a time, and may block on HTTP.
 */
public interface Credentials {

    /**
     * A token to send as {@code Authorization: Bearer}.
     *
     * @param renew the previous token was refused or expires soon: get a new one if possible
     * @throws RelayAuthenticationException when no valid token can be had: log in again
     */
    AccessToken token(AuthClient auth, boolean renew) throws IOException, InterruptedException;

    /** A bearer token and when it expires (null: unknown, e.g. a long-lived agent token). */
    record AccessToken(String value, Instant expiresAt) {
        public AccessToken {
            Objects.requireNonNull(value, "value");
        }

        boolean expiresWithin(Duration margin, Clock clock) {
            return expiresAt != null && clock.instant().plus(margin).isAfter(expiresAt);
        }
    }

    /** Log in with a user name and password; refreshes with the refresh token, logs in again if that fails. */
    static Credentials password(String user, char[] password) {
        return new PasswordCredentials(user, password);
    }

    /**
     * A refresh token (from {@code roo-agent login}). Each refresh spends it; {@code onRotated}
     * receives every new pair so it can be stored in place of the old one.
     */
    static Credentials refreshToken(String refreshToken, Consumer<TokenPair> onRotated) {
        return new RefreshCredentials(refreshToken, onRotated);
    }

    /**
     * A long-lived agent token ({@code roo-relay token create}), sent as is. If the relay refuses
     * it, it is tried once as a refresh token, so a pasted refresh token works too.
     */
    static Credentials token(String token) {
        return new BearerCredentials(token);
    }

    /** Refresh this long before an access token expires. */
    Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    final class PasswordCredentials implements Credentials {
        private final String user;
        private final char[] password;
        private TokenPair current;

        PasswordCredentials(String user, char[] password) {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("the user name is empty");
            }
            this.user = user;
            this.password = Arrays.copyOf(Objects.requireNonNull(password, "password"), password.length);
        }

        @Override
        public synchronized AccessToken token(AuthClient auth, boolean renew) throws IOException, InterruptedException {
            if (current != null
                    && !renew
                    && !new AccessToken(current.accessToken(), current.expiresAt())
                            .expiresWithin(REFRESH_MARGIN, Clock.systemUTC())) {
                return new AccessToken(current.accessToken(), current.expiresAt());
            }
            if (current != null && current.refreshToken() != null) {
                try {
                    current = auth.refresh(current.refreshToken());
                    return new AccessToken(current.accessToken(), current.expiresAt());
                } catch (RelayAuthenticationException e) {
                    current = null;
                }
            }
            current = auth.login(user, password);
            return new AccessToken(current.accessToken(), current.expiresAt());
        }
    }

    final class RefreshCredentials implements Credentials {
        private String refreshToken;
        private final Consumer<TokenPair> onRotated;
        private AccessToken current;

        RefreshCredentials(String refreshToken, Consumer<TokenPair> onRotated) {
            if (refreshToken == null || refreshToken.isBlank()) {
                throw new IllegalArgumentException("the refresh token is empty: run 'roo-agent login' first");
            }
            this.refreshToken = refreshToken;
            this.onRotated = onRotated == null ? pair -> {} : onRotated;
        }

        @Override
        public synchronized AccessToken token(AuthClient auth, boolean renew) throws IOException, InterruptedException {
            if (current != null && !renew && !current.expiresWithin(REFRESH_MARGIN, Clock.systemUTC())) {
                return current;
            }
            TokenPair pair = auth.refresh(refreshToken);
            if (pair.refreshToken() != null) {
                refreshToken = pair.refreshToken();
            }
            onRotated.accept(pair);
            current = new AccessToken(pair.accessToken(), pair.expiresAt());
            return current;
        }
    }

    final class BearerCredentials implements Credentials {
        private final String token;
        private RefreshCredentials asRefresh;

        BearerCredentials(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("the token is empty: pass --token or set ROO_RELAY_TOKEN");
            }
            this.token = token.trim();
        }

        @Override
        public synchronized AccessToken token(AuthClient auth, boolean renew) throws IOException, InterruptedException {
            if (asRefresh != null) {
                return asRefresh.token(auth, renew);
            }
            if (!renew) {
                return new AccessToken(token, null);
            }
            // The relay refused it as a bearer token; it may be a refresh token. If that fails too,
            // the refusal is what the caller needs to hear about.
            RefreshCredentials refresh = new RefreshCredentials(token, null);
            AccessToken access;
            try {
                access = refresh.token(auth, true);
            } catch (IOException | RelayAuthenticationException e) {
                throw new RelayAuthenticationException(
                        401,
                        "the relay refused the token (expired, revoked, or not one of its tokens): create a new"
                                + " one with 'roo-relay token create' or log in with 'roo-agent login'",
                        null);
            }
            asRefresh = refresh;
            return access;
        }
    }
}
