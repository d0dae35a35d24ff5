package dev.rooremote.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Keeps the access token fresh: each connection attempt asks the credentials for one, and while
 * connected a timer renews it shortly before it expires and hands it to the open connection (which
 * renews its credentials in band), so requests never meet an expired token, the next reconnect needs
 * no extra round trip, and a refresh token is never spent late.
 */
final class TokenRefresher {

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());

    private final Credentials credentials;
    private final AuthClient auth;
    private final Clock clock;
    private final EventLoop loop;
    private volatile Credentials.AccessToken token;
    private ScheduledFuture<?> task;
    private Consumer<Credentials.AccessToken> renewed = token -> {};

    TokenRefresher(Credentials credentials, AuthClient auth, Clock clock, EventLoop loop) {
        this.credentials = credentials;
        this.auth = auth;
        this.clock = clock;
        this.loop = loop;
    }

    /** Called on the event thread with each token the timer renewed. */
    void onRenewed(Consumer<Credentials.AccessToken> listener) {
        this.renewed = listener;
    }

    /** A token for a connection attempt (connector thread); {@code renew} when the last one was refused. */
    Credentials.AccessToken token(boolean renew) throws IOException, InterruptedException {
        Credentials.AccessToken access = credentials.token(auth, renew);
        token = access;
        return access;
    }

    /** Plans the next refresh for the current token, if it expires (event thread). */
    void schedule() {
        EventLoop.cancel(task);
        Credentials.AccessToken access = token;
        if (access == null || access.expiresAt() == null) {
            return;
        }
        long millis = Duration.between(clock.instant(), access.expiresAt())
                .minus(Credentials.REFRESH_MARGIN)
                .plusSeconds(1)
                .toMillis();
        task = loop.connectLater(Math.max(1000, millis), this::refresh);
    }

    private void refresh() {
        try {
            Credentials.AccessToken fresh = credentials.token(auth, false);
            token = fresh;
            loop.execute(() -> {
                schedule();
                renewed.accept(fresh);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "refreshing the access token failed: " + Failures.describe(e));
        }
    }
}
