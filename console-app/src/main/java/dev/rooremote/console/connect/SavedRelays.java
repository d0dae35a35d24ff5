package dev.rooremote.console.connect;

import dev.rooremote.console.fx.UiExecutor;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Connects the relays saved in the {@link ConnectionStore} with their refresh tokens, each on its
 * own and off the FX thread, so that one relay that is down or refuses the login never holds up
 * the others. Every refresh token a relay hands out is saved back under the relay's name.
 */
public final class SavedRelays {

    /** What becomes of one saved relay; both methods run on the UI thread. */
    public interface Outcome {
        void connected(String name, RelayLink link);

        void failed(String name, String reason);
    }

    private final RelayConnector connector;
    private final ConnectionStore store;
    private final UiExecutor ui;

    public SavedRelays(RelayConnector connector, ConnectionStore store, UiExecutor ui) {
        this.connector = connector;
        this.store = store;
        this.ui = ui;
    }

    /** The saved relays the console can sign in to without asking (those with a refresh token). */
    public List<ConnectionStore.SavedConnection> startable() {
        return store.connections().stream()
                .filter(c -> c.refreshToken() != null)
                .toList();
    }

    /** Connects every startable relay; {@code starting} is told each name first. */
    public void connectAll(Consumer<String> starting, Outcome outcome) {
        for (ConnectionStore.SavedConnection saved : startable()) {
            starting.accept(saved.name());
            connect(saved, outcome);
        }
    }

    /** Connects one saved relay. */
    public void connect(ConnectionStore.SavedConnection saved, Outcome outcome) {
        String name = saved.name();
        URI uri;
        try {
            uri = URI.create(saved.url());
        } catch (IllegalArgumentException e) {
            outcome.failed(name, "its saved URL is not valid (" + e.getMessage() + "); remove it and add it again");
            return;
        }
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        String fingerprint = store.fingerprint(saved.url()).orElse(null);
        if (tls && fingerprint == null) {
            outcome.failed(
                    name, "no trusted certificate is saved for it; add it again (Relay > Add a relay…) to check one");
            return;
        }
        if (saved.refreshToken() == null) {
            outcome.failed(name, "no saved sign-in; add it again with your password (Relay > Add a relay…)");
            return;
        }
        RelayConnector.Credentials credentials =
                new RelayConnector.Credentials(saved.user(), null, saved.refreshToken(), true);
        BiConsumer<String, String> keep = (user, refreshToken) ->
                store.remember(new ConnectionStore.SavedConnection(name, saved.url(), user, refreshToken));
        ui.whenDone(
                ui.supplyInBackground(() ->
                        connector.connect(uri, credentials, fingerprint, token -> keep.accept(saved.user(), token))),
                link -> outcome.connected(name, link),
                error -> outcome.failed(name, reason(error)));
    }

    static String reason(Throwable error) {
        if (error instanceof FingerprintChangedException) {
            return "its certificate has changed since you trusted it (it may be reinstalled, or someone may be"
                    + " intercepting the connection); ask its administrator for the fingerprint";
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
