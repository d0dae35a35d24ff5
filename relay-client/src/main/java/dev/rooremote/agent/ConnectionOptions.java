package dev.rooremote.agent;

import dev.rooremote.client.ConnectionProblem;
import dev.rooremote.client.Credentials;
import dev.rooremote.client.RelayAuthenticationException;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayConnectionException;
import dev.rooremote.client.TlsTrust;
import dev.rooremote.protocol.relay.SessionInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Option;

/** How a command reaches the relay: options, then environment, then the current stored relay. */
final class ConnectionOptions {

    static final String ENV_URL = "ROO_RELAY_URL";
    static final String ENV_TOKEN = "ROO_RELAY_TOKEN";
    static final String ENV_FINGERPRINT = "ROO_RELAY_FINGERPRINT";

    @Option(
            names = "--relay",
            paramLabel = "NAME",
            description = "A relay stored by 'roo-agent login' or 'roo-agent relays add', by its name (default: the"
                    + " current one, see 'roo-agent relays').")
    String relay;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The relay, wss://HOST:PORT (default: $ROO_RELAY_URL, else the stored login).")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "An agent token from 'roo-relay token create' (default: $ROO_RELAY_TOKEN, else the stored"
                    + " login).")
    String token;

    @Option(
            names = "--fingerprint",
            paramLabel = "SHA256",
            description = "The relay certificate's SHA-256 fingerprint, AB:CD:... (default: $ROO_RELAY_FINGERPRINT,"
                    + " else the stored login, else the system trust store).")
    String fingerprint;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            defaultValue = "15s",
            converter = Durations.class,
            description = "How long to try to reach the relay (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    /**
     * A client for the relay that these options, the environment and the stored login name, not yet
     * connected: the URL, the credentials, the pinned fingerprint and the connect timeout are set.
     */
    RelayClient.Builder builder(RooAgent agent) throws IOException {
        return builder(agent, relay);
    }

    /**
     * The stored relays to list one by one ({@code roo-agent sessions}): all of them when more than
     * one is stored and neither options nor the environment choose a relay; otherwise empty, and the
     * command reaches one relay as {@link #builder(RooAgent)} resolves it.
     */
    java.util.List<String> fleet(RooAgent agent) throws IOException {
        boolean chosen = relay != null
                || first(url, agent.env(ENV_URL), null) != null
                || first(token, agent.env(ENV_TOKEN), null) != null;
        StoredRelays relays = agent.config().readAll();
        if (chosen || relays.relays().size() < 2) {
            return java.util.List.of();
        }
        return relays.relays().stream().map(AgentConfig.Stored::name).toList();
    }

    private RelayClient.Builder builder(RooAgent agent, String relayName) throws IOException {
        AgentConfig config = agent.config();
        StoredRelays relays = config.readAll();
        Optional<AgentConfig.Stored> named = Optional.empty();
        if (relayName != null) {
            if (url != null && !url.isBlank()) {
                throw new UsageException(
                        "--relay and --url exclude each other: --relay names a stored relay, --url" + " any relay");
            }
            named = Optional.of(relays.require(relayName.trim()));
        }
        Optional<AgentConfig.Stored> current = relays.currentRelay();
        String resolvedUrl = named.isPresent()
                ? named.get().url()
                : first(
                        url,
                        agent.env(ENV_URL),
                        current.map(AgentConfig.Stored::url).orElse(null));
        String resolvedToken = first(token, agent.env(ENV_TOKEN), null);
        if (resolvedUrl == null && resolvedToken != null) {
            throw new UsageException("no relay given for the token: pass --url wss://HOST:PORT or set " + ENV_URL);
        }
        if (resolvedUrl == null) {
            throw new RelayAuthenticationException(
                    401,
                    "not logged in: run 'roo-agent login --url wss://HOST:PORT --user NAME' once, or pass --url and"
                            + " --token (or set " + ENV_URL + " and " + ENV_TOKEN + ") with an agent token",
                    null);
        }
        Optional<AgentConfig.Stored> stored = named.isPresent() ? named : relays.byUrl(resolvedUrl);
        boolean storedMatches = stored.isPresent();
        String resolvedFingerprint = first(
                fingerprint,
                agent.env(ENV_FINGERPRINT),
                storedMatches ? stored.get().fingerprint() : null);
        Credentials credentials;
        if (resolvedToken != null) {
            credentials = Credentials.token(resolvedToken);
        } else if (storedMatches) {
            credentials = config.credentials(stored.get().name());
        } else {
            throw new RelayAuthenticationException(
                    401,
                    "not logged in to " + resolvedUrl + ": run 'roo-agent login --url " + resolvedUrl
                            + " --user NAME', or pass --token (or set " + ENV_TOKEN + ") with an agent token",
                    null);
        }
        RelayClient.Builder builder;
        try {
            builder = RelayClient.builder(resolvedUrl);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url: " + e.getMessage());
        }
        builder.credentials(credentials)
                .clientName("roo-agent/" + RelayClient.VERSION)
                .connectTimeout(connectTimeout);
        if (resolvedFingerprint != null) {
            try {
                builder.trust(TlsTrust.pinned(resolvedFingerprint));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--fingerprint: " + e.getMessage());
            }
        }
        return builder;
    }

    /** Connects and waits for the relay's welcome. */
    RelayClient connect(RooAgent agent) throws IOException, InterruptedException {
        return connect(agent, relay);
    }

    /** Connects to the stored relay {@code relayName} (null: as the options say) and waits for its welcome. */
    RelayClient connect(RooAgent agent, String relayName) throws IOException, InterruptedException {
        return connect(builder(agent, relayName));
    }

    /** The sessions of the relay these options choose; see {@link #sessions(RooAgent, String)}. */
    List<SessionInfo> sessions(RooAgent agent) throws IOException, InterruptedException {
        return sessions(agent, relay);
    }

    /**
     * The sessions of the stored relay {@code relayName} (null: as the options say) in one HTTPS
     * request; from a relay without that endpoint (an older one), over the WebSocket as before.
     */
    List<SessionInfo> sessions(RooAgent agent, String relayName) throws IOException, InterruptedException {
        RelayClient.Builder builder = builder(agent, relayName);
        Optional<List<SessionInfo>> listed;
        try {
            listed = builder.sessionsOverHttps().fetch();
        } catch (RelayConnectionException e) {
            if (timedOut(e)) {
                throw new RelayConnectionException(
                        e.getMessage() + " (it had " + connectTimeout.toSeconds()
                                + " s; --connect-timeout allows more)",
                        e);
            }
            throw e;
        }
        if (listed.isPresent()) {
            return listed.get();
        }
        try (RelayClient client = connect(builder)) {
            return Commands.await(client.sessions());
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private RelayClient connect(RelayClient.Builder builder) throws InterruptedException {
        RelayClient client = builder.build();
        try {
            client.connect().get(connectTimeout.toMillis() + 3_000, TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException e) {
            client.close();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new RelayConnectionException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            client.close();
            throw new RelayConnectionException(ConnectionProblem.describe(e, client.url()) + " (it had "
                    + connectTimeout.toSeconds() + " s; --connect-timeout allows more)");
        } catch (InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    static boolean sameUrl(String a, String b) {
        return a != null && b != null && normalize(a).equals(normalize(b));
    }

    private static String normalize(String url) {
        String u = url.trim().toLowerCase(java.util.Locale.ROOT);
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static String first(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        if (b != null && !b.isBlank()) {
            return b.trim();
        }
        return c == null || c.isBlank() ? null : c.trim();
    }
}
