package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The relay's sessions as the server side drives them. Watching, history and transcripts are read
 * from the {@link dev.rooremote.relay.events.EventLog}; everything that acts on Roo or on a
 * session's settings profile goes through {@link #execute}.
 */
public interface SessionHub extends AutoCloseable {

    /** The ids of every session, in the order they were configured. */
    List<String> sessionIds();

    /**
     * Carries out a request that acts on a session: start_task, send_message, answer_ask, approve,
     * deny, cancel_task, resume_task, get_settings, update_settings, delete_queued_message. The
     * caller's role and scope have been checked. Completes with the ack's result (null when the
     * ack carries none), or exceptionally with a {@link dev.rooremote.relay.RelayException}.
     */
    CompletableFuture<AckResult> execute(Caller caller, ClientMessage.SessionRequest request);

    /**
     * What a request did: the ack's result (null when the ack carries none) and, for the audit log, what
     * was done beyond the request itself (e.g. the tool and path, or the command line, that was approved),
     * or null.
     */
    record Outcome(AckResult result, String auditDetail) {}

    /** {@link #execute}, with what the audit log should record of it. */
    default CompletableFuture<Outcome> perform(Caller caller, ClientMessage.SessionRequest request) {
        return execute(caller, request).thenApply(result -> new Outcome(result, null));
    }

    /** Starts every session's endpoint. */
    void start();

    @Override
    void close();
}
