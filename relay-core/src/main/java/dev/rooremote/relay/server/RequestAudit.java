package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.session.Caller;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the relay's port writes to the audit log: every request a client makes that changes a session,
 * and every request it refuses; sign-ins (logins, refreshes, refused ones and lockouts), refused
 * WebSocket upgrades and connections closed for revoked credentials. Which settings keys a change
 * touched is recorded, never their values.
 *
 * <p>Events of callers who are not signed in are recorded at most 20 a second (bursts of 100), so a
 * flood of bad logins cannot flood the database; the next recorded one says how many were left out.
 */
final class RequestAudit {

    /** The actor of events whose caller is not known. */
    static final String UNKNOWN = "-";

    private final AuditLog audit;
    private final RateLimiter anonymous = new RateLimiter(20, 100, System.nanoTime());
    private final AtomicLong leftOut = new AtomicLong();

    RequestAudit(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * @param taskId the task the request made, or null for the one it names
     * @param outcome {@code ok} or the error code
     */
    void record(Caller caller, ClientMessage request, String taskId, String outcome, String detail) {
        String task = taskId;
        String session = null;
        if (request instanceof ClientMessage.SessionRequest sessionRequest) {
            session = sessionRequest.sessionId();
        }
        if (task == null) {
            if (request instanceof ClientMessage.AskRequest ask) {
                task = ask.taskId();
            } else if (request instanceof ClientMessage.CancelTask cancel) {
                task = cancel.taskId();
            } else if (request instanceof ClientMessage.ResumeTask resume) {
                task = resume.taskId();
            }
        }
        String what = detail;
        if (request instanceof ClientMessage.UpdateSettings update) {
            String keys = "keys " + String.join(", ", update.changes().keySet());
            what = detail == null ? keys : keys + ": " + detail;
        }
        audit.record(caller.name(), action(request), session, task, outcome, what);
    }

    /** A connection was closed because its credentials no longer hold (revoked, removed, expired). */
    void signedOut(Caller caller, String reason) {
        audit.record(caller.name(), "connection_signed_out", null, null, "closed", reason);
    }

    /** A login or token refresh over HTTPS: {@code user} is the name given, or null when unknown. */
    void signIn(String action, String user, String address, String outcome, String detail) {
        String from = "from " + address;
        String what = detail == null ? from : from + ": " + detail;
        if ("ok".equals(outcome)) {
            audit.record(user, action, null, null, outcome, what);
        } else {
            anonymous(user, action, outcome, what);
        }
    }

    /** A WebSocket upgrade refused before a connection was made. */
    void refusedUpgrade(String address, String outcome, String reason) {
        anonymous(null, "connect", outcome, "from " + address + ": " + reason);
    }

    private void anonymous(String user, String action, String outcome, String detail) {
        if (!anonymous.tryAcquire(System.nanoTime())) {
            leftOut.incrementAndGet();
            return;
        }
        long skipped = leftOut.getAndSet(0);
        String what =
                skipped == 0 ? detail : detail + " (" + skipped + " more such events were not recorded one by one)";
        audit.record(user == null || user.isBlank() ? UNKNOWN : user, action, null, null, outcome, what);
    }

    private static String action(ClientMessage request) {
        String name = request.getClass().getSimpleName();
        StringBuilder snake = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                snake.append('_');
            }
            snake.append(Character.toLowerCase(c));
        }
        return snake.toString().toLowerCase(Locale.ROOT);
    }
}
