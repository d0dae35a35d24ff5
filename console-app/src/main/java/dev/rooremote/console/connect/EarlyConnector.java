package dev.rooremote.console.connect;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A connection begun before there is a window: when the command line names a relay, a user and a
 * password (or a token) and the relay's fingerprint, signing in and opening the WebSocket run in the
 * background while JavaFX starts and builds the window, instead of after it.
 *
 * <p>The console's first {@link #connect} hands back that connection if it asks for exactly what was
 * begun (same URL, fingerprint and credentials), its outcome included: a refused password or a changed
 * certificate reaches the console as if it had connected itself. Any other first call, and every later
 * one, connects as usual; a begun connection nobody took is closed.
 */
public final class EarlyConnector implements RelayConnector {

    private final RelayConnector connector;
    private final URI url;
    private final Credentials credentials;
    private final String fingerprint;
    private final RefreshTokens refreshTokens = new RefreshTokens();
    private final CompletableFuture<RelayLink> early;
    private final AtomicBoolean claimed = new AtomicBoolean();

    private EarlyConnector(RelayConnector connector, URI url, Credentials credentials, String fingerprint) {
        this.connector = connector;
        this.url = url;
        this.credentials = credentials;
        this.fingerprint = fingerprint;
        this.early = new CompletableFuture<>();
        Thread thread = new Thread(this::run, "relay-early-connect");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Begins connecting {@code url} with {@code credentials}, pinning {@code fingerprint}, on a thread
     * of its own; the password is copied.
     */
    public static EarlyConnector begin(RelayConnector connector, URI url, Credentials credentials, String fingerprint) {
        Credentials copy = new Credentials(
                credentials.user(),
                credentials.password() == null ? null : credentials.password().clone(),
                credentials.token(),
                credentials.savedRefreshToken());
        return new EarlyConnector(
                Objects.requireNonNull(connector),
                Objects.requireNonNull(url),
                copy,
                Objects.requireNonNull(fingerprint));
    }

    private void run() {
        try {
            early.complete(connector.connect(url, credentials, fingerprint, refreshTokens));
        } catch (Exception | Error e) {
            early.completeExceptionally(e);
        }
    }

    @Override
    public String fetchFingerprint(URI relay) throws Exception {
        return connector.fetchFingerprint(relay);
    }

    @Override
    public RelayLink connect(URI relay, Credentials given, String pinned, Consumer<String> onRefreshToken)
            throws Exception {
        if (claimed.compareAndSet(false, true)) {
            if (url.equals(relay) && fingerprint.equals(pinned) && same(credentials, given)) {
                refreshTokens.forwardTo(onRefreshToken);
                try {
                    return early.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            early.thenAccept(RelayLink::close);
        }
        return connector.connect(relay, given, pinned, onRefreshToken);
    }

    private static boolean same(Credentials a, Credentials b) {
        return Objects.equals(a.user(), b.user())
                && Arrays.equals(a.password(), b.password())
                && Objects.equals(a.token(), b.token())
                && a.savedRefreshToken() == b.savedRefreshToken();
    }

    /**
     * Refresh tokens handed out before the console took the connection are passed on when it does,
     * in order (each replaces the one before, so only the newest may be kept).
     */
    private static final class RefreshTokens implements Consumer<String> {
        private Consumer<String> target;
        private String pending;

        @Override
        public synchronized void accept(String token) {
            if (target == null) {
                pending = token;
            } else {
                target.accept(token);
            }
        }

        synchronized void forwardTo(Consumer<String> consumer) {
            target = consumer;
            if (pending != null) {
                consumer.accept(pending);
                pending = null;
            }
        }
    }
}
