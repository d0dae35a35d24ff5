package dev.rooremote.console.connect;

import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.fx.UiExecutor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "add a relay" dialog's logic: validates the form (a relay's name must be free and well
 * formed; left empty, the relay is named after its host), trusts a relay's certificate on first contact
 * (after the user confirmed its fingerprint), refuses a changed certificate, connects off the FX
 * thread, and remembers the connection with a refresh token, never the password.
 */
public final class ConnectViewModel {

    private final RelayConnector connector;
    private final ConnectionStore store;
    private final DialogService dialogs;
    private final UiExecutor ui;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty url = new SimpleStringProperty(this, "url", "wss://127.0.0.1:8443");
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty token = new SimpleStringProperty(this, "token", "");
    private final BooleanProperty useToken = new SimpleBooleanProperty(this, "useToken", false);
    private final BooleanProperty remember = new SimpleBooleanProperty(this, "remember", true);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ObservableList<ConnectionStore.SavedConnection> saved = FXCollections.observableArrayList();
    private String presetFingerprint;
    private Predicate<String> nameInUse = n -> false;

    public ConnectViewModel(RelayConnector connector, ConnectionStore store, DialogService dialogs, UiExecutor ui) {
        this.connector = connector;
        this.store = store;
        this.dialogs = dialogs;
        this.ui = ui;
        saved.setAll(store.connections());
    }

    /** The relay's name in the console; empty: named after its host. */
    public StringProperty nameProperty() {
        return name;
    }

    /** Tells the form which names the window already shows for connected relays. */
    public void setNameInUse(Predicate<String> inUse) {
        this.nameInUse = inUse;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty tokenProperty() {
        return token;
    }

    public BooleanProperty useTokenProperty() {
        return useToken;
    }

    public BooleanProperty rememberProperty() {
        return remember;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ObservableList<ConnectionStore.SavedConnection> saved() {
        return saved;
    }

    /** Fills the form from a saved connection (which signs in with its refresh token). */
    public void choose(ConnectionStore.SavedConnection connection) {
        name.set(connection.name() == null ? "" : connection.name());
        url.set(connection.url());
        user.set(connection.user());
        password.set("");
        token.set(connection.refreshToken() == null ? "" : connection.refreshToken());
        useToken.set(connection.refreshToken() != null);
    }

    /**
     * A fingerprint the user already vouched for outside the console (the demo script passes the
     * one the relay just printed); it is trusted without asking, and stored like a confirmed one.
     */
    public void presetFingerprint(String fingerprint) {
        this.presetFingerprint = fingerprint == null || fingerprint.isBlank() ? null : fingerprint.trim();
    }

    /** The problem with the form, in words for people, or empty when it can be sent. */
    public Optional<String> validate() {
        String u = url.get() == null ? "" : url.get().trim();
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return Optional.of("The relay URL is not valid: " + e.getReason() + ". Example: wss://relay.example:8443");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("wss") && !scheme.equals("ws")) {
            return Optional.of("The relay URL must start with wss:// (for example wss://relay.example:8443).");
        }
        if (uri.getHost() == null) {
            return Optional.of("The relay URL has no host name. Example: wss://relay.example:8443");
        }
        if (scheme.equals("ws") && !isLoopback(uri.getHost())) {
            return Optional.of("Unencrypted ws:// is only allowed to this machine (127.0.0.1 or localhost). "
                    + "Use wss:// for " + uri.getHost() + ".");
        }
        String given = name.get() == null ? "" : name.get().trim();
        if (!given.isEmpty()) {
            Optional<String> badName = ConnectionStore.checkName(given);
            if (badName.isPresent()) {
                return badName;
            }
            Optional<ConnectionStore.SavedConnection> other = store.named(given)
                    .filter(c -> !(c.url().equals(u) && c.user().equals(blankToNull(user.get()))));
            if (other.isPresent() || nameInUse.test(given)) {
                return Optional.of("A relay named '" + given + "' is already in your list"
                        + other.map(c -> " (" + c.url() + ")").orElse("")
                        + ". Choose another name, or remove that relay first (Relay > Remove relay).");
            }
        }
        if (useToken.get()) {
            if (token.get() == null || token.get().isBlank()) {
                return Optional.of("Paste a token, or switch to user and password.");
            }
        } else {
            if (user.get() == null || user.get().isBlank()) {
                return Optional.of("Enter your user name.");
            }
            if (password.get() == null || password.get().isEmpty()) {
                return Optional.of("Enter your password.");
            }
        }
        return Optional.empty();
    }

    /** Connects; {@code onConnected} runs on the UI thread with the live link. */
    public void connect(Consumer<RelayLink> onConnected) {
        connectNamed((relayName, link) -> onConnected.accept(link));
    }

    /** Connects; {@code onConnected} runs on the UI thread with the relay's name and the live link. */
    public void connectNamed(BiConsumer<String, RelayLink> onConnected) {
        Optional<String> problem = validate();
        if (problem.isPresent()) {
            error.set(problem.get());
            return;
        }
        error.set("");
        busy.set(true);
        URI uri = URI.create(url.get().trim());
        String key = uri.toString();
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        Optional<String> known = store.fingerprint(key);
        if (!tls) {
            open(uri, null, onConnected);
        } else if (known.isPresent()) {
            open(uri, known.get(), onConnected);
        } else if (presetFingerprint != null) {
            store.trust(key, presetFingerprint);
            open(uri, presetFingerprint, onConnected);
        } else {
            ui.whenDone(
                    ui.supplyInBackground(() -> connector.fetchFingerprint(uri)),
                    fingerprint -> {
                        if (dialogs.trustFingerprint(key, fingerprint)) {
                            store.trust(key, fingerprint);
                            open(uri, fingerprint, onConnected);
                        } else {
                            busy.set(false);
                            error.set("Not connected: the relay's certificate was not trusted.");
                        }
                    },
                    this::failed);
        }
    }

    /** The name typed, else the one the relay is saved under, else its host (made unique). */
    private String relayName(URI uri) {
        String given = name.get() == null ? "" : name.get().trim();
        if (!given.isEmpty()) {
            return given;
        }
        String who = blankToNull(user.get());
        Optional<String> savedAs = store.connections().stream()
                .filter(c -> c.url().equals(uri.toString()) && c.user().equals(who))
                .map(ConnectionStore.SavedConnection::name)
                .findFirst();
        if (savedAs.isPresent()) {
            return savedAs.get();
        }
        String base = store.freeName(uri.toString());
        String free = base;
        for (int i = 2; nameInUse.test(free); i++) {
            free = base + "-" + i;
        }
        return free;
    }

    private void open(URI uri, String fingerprint, BiConsumer<String, RelayLink> onConnected) {
        String relayName = relayName(uri);
        boolean savedToken = useToken.get()
                && store.connections().stream().anyMatch(c -> token.get().trim().equals(c.refreshToken()));
        RelayConnector.Credentials credentials = useToken.get()
                ? new RelayConnector.Credentials(
                        blankToNull(user.get()), null, token.get().trim(), savedToken)
                : new RelayConnector.Credentials(
                        user.get().trim(), password.get().toCharArray(), null, false);
        boolean keep = remember.get();
        java.util.concurrent.atomic.AtomicReference<String> who = new java.util.concurrent.atomic.AtomicReference<>(
                useToken.get() ? blankToNull(user.get()) : user.get().trim());
        // Refresh tokens rotate on every use; a remembered connection must always hold the newest.
        Consumer<String> onRefreshToken = refreshToken -> {
            if (keep && who.get() != null && refreshToken != null) {
                store.remember(new ConnectionStore.SavedConnection(relayName, uri.toString(), who.get(), refreshToken));
            }
        };
        ui.whenDone(
                ui.supplyInBackground(() -> connector.connect(uri, credentials, fingerprint, onRefreshToken)),
                link -> {
                    busy.set(false);
                    password.set("");
                    who.set(link.user());
                    if (keep) {
                        ConnectionStore.SavedConnection connection = new ConnectionStore.SavedConnection(
                                relayName,
                                uri.toString(),
                                link.user(),
                                link.refreshToken().orElse(null));
                        store.remember(connection);
                        saved.setAll(store.connections());
                    }
                    name.set("");
                    onConnected.accept(relayName, link);
                },
                this::failed);
    }

    private void failed(Throwable error) {
        busy.set(false);
        if (error instanceof FingerprintChangedException changed) {
            String message = "The relay at " + url.get().trim() + " presented a different certificate than the "
                    + "one you trusted before, so the console did not connect.\n\n"
                    + "Trusted:  " + changed.expected() + "\nPresented: " + changed.actual() + "\n\n"
                    + "This happens when the relay was reinstalled or its certificate replaced, but it can also "
                    + "mean that someone is intercepting the connection. Ask the relay's administrator for the "
                    + "fingerprint ('roo-relay fingerprint' on its machine). If it matches the new one, remove "
                    + "the saved fingerprint (Relay > Forget certificate) and connect again.";
            this.error.set("Certificate changed: not connected.");
            dialogs.showError("The relay's certificate has changed", message);
        } else {
            String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            this.error.set("Could not connect: " + message);
        }
    }

    /** Forgets the trusted certificate of the relay in the form. */
    public void forgetCertificate() {
        store.forgetFingerprint(url.get().trim());
        error.set("The saved certificate for " + url.get().trim() + " was removed; the next connection asks again.");
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1")
                || host.equalsIgnoreCase("localhost")
                || host.equals("[::1]")
                || host.equals("::1");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
