package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import dev.rooremote.client.SessionLookup;
import dev.rooremote.protocol.relay.AskWords;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.roo.ToolAsk;
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

    /**
     * What the ask waits for, in words, to follow "waits for": "approval to create greeting.txt (tool
     * newFileCreated)", "an answer to: Which port? (suggested: 8080 | 9090)". A tool's name is kept, for
     * {@code --on-ask approve-tool=NAME}.
     */
    static String describeAsk(PendingAsk ask) {
        String words = AskWords.awaited(ask);
        if ("tool".equals(ask.ask())) {
            return words
                    + ToolAsk.parse(ask.text())
                            .flatMap(ToolAsk::toolOpt)
                            .map(tool -> " (tool " + tool + ")")
                            .orElse("");
        }
        return words;
    }
}
