package dev.rooremote.agent;

import dev.rooremote.client.AskText;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.SessionLookup;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Helpers shared by the commands. */
final class Commands {

    private Commands() {}

    /** Waits for a request (the client's own timeout bounds it) and rethrows its failure as is. */
    static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = ExitCodes.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** The session as the relay lists it, or an unknown_session error naming the ones there are. */
    static SessionInfo session(RelayClient client, String sessionId) throws InterruptedException {
        return SessionLookup.find(await(client.sessions()), sessionId);
    }

    /** The session's pending ask, or a no_pending_ask error that says what the task is doing. */
    static PendingAsk pendingAsk(SessionInfo session) {
        return SessionLookup.pendingAsk(session);
    }

    static String describeAsk(PendingAsk ask) {
        return AskText.describe(ask);
    }
}
