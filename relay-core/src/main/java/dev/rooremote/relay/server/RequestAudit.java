package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.session.Caller;
import java.util.Locale;

/** Writes the outcome of a client's request that changes a session to the audit log. */
final class RequestAudit {

    private final AuditLog audit;

    RequestAudit(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * @param taskId the task the request made, or null for the one it names
     * @param outcome {@code ok} or the error code
     */
    void record(Caller caller, ClientMessage.SessionRequest request, String taskId, String outcome, String detail) {
        String task = taskId;
        if (task == null) {
            if (request instanceof ClientMessage.AskRequest ask) {
                task = ask.taskId();
            } else if (request instanceof ClientMessage.CancelTask cancel) {
                task = cancel.taskId();
            } else if (request instanceof ClientMessage.ResumeTask resume) {
                task = resume.taskId();
            }
        }
        audit.record(caller.name(), action(request), request.sessionId(), task, outcome, detail);
    }

    /** A connection was closed because its credentials no longer hold (revoked, removed, expired). */
    void signedOut(Caller caller, String reason) {
        audit.record(caller.name(), "connection_signed_out", null, null, "closed", reason);
    }

    /** A connection's in-band {@code authenticate} was refused. */
    void authenticateRefused(Caller caller, String reason) {
        audit.record(caller.name(), "authenticate", null, null, ErrorCode.UNAUTHORIZED.wire(), reason);
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
