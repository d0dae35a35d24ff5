package dev.rooremote.agent.mcp;

import dev.rooremote.client.ConnectionState;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayConnectionException;
import dev.rooremote.client.SessionLookup;
import dev.rooremote.protocol.relay.SessionInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The MCP server's one connection to the relay. Tool calls go through it: a relay that is not
 * reachable now fails the call at once with the connection's state (the client keeps reconnecting by
 * itself), and every request is awaited within a bound.
 */
final class Relay {

    /** Longer than the client's own request timeout, which normally ends a request first. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(45);

    /**
     * How long an answer waits for the relay to report that Roo took it, so that the next
     * wait_for_task sees Roo go on rather than the ask it answered.
     */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final RelayClient client;
    private final Duration connectWait;

    /** {@code connectWait}: how long a call waits for the relay while the client makes its first connection. */
    Relay(RelayClient client, Duration connectWait) {
        this.client = client;
        this.connectWait = connectWait;
    }

    RelayClient client() {
        return client;
    }

    /**
     * Returns once the client is connected; while it is still making its first connection, waits for
     * that. Throws a {@link RelayConnectionException} that says why when the relay cannot be reached.
     */
    void requireConnected() throws InterruptedException {
        ConnectionState state = client.connectionState();
        if (state.status() == ConnectionState.Status.IDLE || state.status() == ConnectionState.Status.CONNECTING) {
            CompletableFuture<ConnectionState> settled = new CompletableFuture<>();
            Consumer<ConnectionState> listener = s -> {
                if (s.status() != ConnectionState.Status.IDLE && s.status() != ConnectionState.Status.CONNECTING) {
                    settled.complete(s);
                }
            };
            client.addConnectionListener(listener);
            try {
                state = settled.get(connectWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                state = client.connectionState();
            } finally {
                client.removeConnectionListener(listener);
            }
        }
        if (state.status() != ConnectionState.Status.CONNECTED) {
            throw unreachable(state);
        }
    }

    /** What a tool reports when the relay is not reachable in {@code state}. */
    RelayConnectionException unreachable(ConnectionState state) {
        return new RelayConnectionException(
                "not connected to the relay at " + client.url() + ": " + state.describe(), state.failure());
    }

    /** The request's result; its failure is rethrown as the client reported it. */
    <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(REQUEST_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new RelayConnectionException(
                    "the relay at " + client.url() + " did not answer within " + REQUEST_BOUND.toSeconds() + " s");
        }
    }

    /** The session as the relay lists it now, or an unknown_session error naming the ones there are. */
    SessionInfo session(String sessionId) throws InterruptedException {
        return SessionLookup.find(await(client.sessions()), sessionId);
    }

    /**
     * The session as the relay's last pushes left it, without a request: for reads that follow every
     * change (resources), which would otherwise run into the relay's per-connection rate limit.
     */
    SessionInfo knownSession(String sessionId) {
        return SessionLookup.find(client.knownSessions(), sessionId);
    }

    /**
     * Waits until the relay reports the session in a state that {@code condition} accepts (as its
     * session list pushes show it), for a few seconds at most; returns the session then, or null.
     */
    SessionInfo awaitSession(String sessionId, Predicate<SessionInfo> condition) throws InterruptedException {
        CompletableFuture<SessionInfo> reached = new CompletableFuture<>();
        Consumer<List<SessionInfo>> listener = sessions -> sessions.stream()
                .filter(s -> s.sessionId().equals(sessionId) && condition.test(s))
                .findFirst()
                .ifPresent(reached::complete);
        client.addSessionsListener(listener);
        try {
            listener.accept(client.knownSessions());
            return reached.get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } finally {
            client.removeSessionsListener(listener);
        }
    }

    static RuntimeException rethrow(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof TimeoutException) {
            return new RelayConnectionException("the relay did not answer in time", t);
        }
        return new RelayConnectionException(t.getMessage() == null ? t.toString() : t.getMessage(), t);
    }
}
