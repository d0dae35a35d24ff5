package dev.rooremote.agent.mcp;

import dev.rooremote.client.FingerprintMismatchException;
import dev.rooremote.client.RelayAuthenticationException;
import dev.rooremote.client.RelayConnectionException;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.protocol.relay.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a tool call failed, in words a model can act on: a stable code (the relay's error code, or one
 * of {@code bad_argument}, {@code relay_unreachable}, {@code not_authenticated},
 * {@code certificate_mismatch}, {@code internal_error}), the message, and the next step.
 */
record Refusals(String code, String message, String next, String argument) {

    private static final String FIX_ARGUMENT =
            "Fix this argument (the tool's input schema lists what it takes) and call the tool again.";
    private static final String CERTIFICATE = "Do not retry. Tell the person who runs roo-agent: the relay's"
            + " certificate does not match the pinned fingerprint, so roo-agent will not talk to it.";
    private static final String LOG_IN = "Do not retry. Tell the person who runs roo-agent to log in again"
            + " ('roo-agent login') or to give it a valid agent token.";
    private static final String RECONNECTING = "roo-agent keeps reconnecting by itself. Wait a little and call"
            + " again; tasks already started go on in Roo meanwhile. If it persists, tell the person who runs the"
            + " relay.";
    private static final String UNEXPECTED =
            "Try again once; if it fails the same way, tell the person who runs roo-agent.";

    static Refusals of(Throwable failure) {
        Throwable e = Relay.rethrow(failure);
        FingerprintMismatchException mismatch = cause(e, FingerprintMismatchException.class);
        RelayAuthenticationException refused = cause(e, RelayAuthenticationException.class);
        if (e instanceof BadArgumentException bad) {
            return new Refusals("bad_argument", bad.getMessage(), FIX_ARGUMENT, bad.argument());
        } else if (e instanceof RelayErrorException r) {
            return new Refusals(r.code().wire(), r.getMessage(), next(r.code()), null);
        } else if (mismatch != null) {
            return new Refusals("certificate_mismatch", mismatch.getMessage(), CERTIFICATE, null);
        } else if (refused != null) {
            return new Refusals("not_authenticated", message(e), LOG_IN, null);
        } else if (e instanceof RelayConnectionException) {
            return new Refusals("relay_unreachable", message(e), RECONNECTING, null);
        }
        return new Refusals("internal_error", message(e), UNEXPECTED, null);
    }

    /** The next step after the relay refused a request with {@code code}. */
    static String next(ErrorCode code) {
        return switch (code) {
            case FORBIDDEN ->
                "Your role or token scope does not allow this: a viewer may only read (list_sessions,"
                        + " get_transcript, list_history, get_settings), and an agent token reaches only its"
                        + " sessions. Ask the person who runs the relay for an operator token for this session.";
            case UNAUTHORIZED ->
                "The relay no longer accepts roo-agent's credentials. Tell the person who runs roo-agent to log"
                        + " in again or to give it a new agent token.";
            case UNKNOWN_SESSION -> "Call list_sessions for the sessions you may use, and use one of their ids.";
            case SESSION_UNAVAILABLE ->
                "The session's Roo (its VS Code window) is not connected to the relay. Try again later, or use"
                        + " another session whose connection list_sessions shows as connected.";
            case UNKNOWN_TASK -> "Call list_history with this session for its task ids.";
            case NO_PENDING_ASK ->
                "Nothing waits for an answer. Call wait_for_task to see what the task is doing; answer when it"
                        + " returns needs-input.";
            case STALE_ASK ->
                "The ask changed since you looked (it was answered, or Roo moved on). Call wait_for_task or"
                        + " list_sessions for the pending ask now, and answer that one.";
            case ASK_NOT_ANSWERABLE ->
                "The pending ask is not answered this way: a followup question, or a finished or stopped task,"
                        + " takes answer_followup; a tool or command approval takes approve_ask or deny_ask.";
            case ROO_BUSY -> "Roo is working and waits on no ask. Call wait_for_task and act on what it returns.";
            case CAPABILITY_UNAVAILABLE ->
                "This session reaches Roo over stock Roo IPC, which cannot approve. Use deny_ask with feedback"
                        + " that tells Roo what to do instead, or have an admin allow such actions in the"
                        + " session's settings (autoApprovalEnabled with alwaysAllowWrite or alwaysAllowExecute)"
                        + " before the next task.";
            case IMAGE_TOO_LARGE, FRAME_TOO_LARGE ->
                "Send fewer or smaller images, or a shorter prompt, and call again.";
            case BAD_REQUEST, INVALID_SETTINGS -> "Fix the request as the message says and call again.";
            case RATE_LIMITED -> "Too many requests: wait a few seconds and call again.";
            case TIMEOUT -> "Roo did not answer in time. Check the session with list_sessions and try again.";
            default -> "Try again once; if it fails the same way, tell the person who runs the relay.";
        };
    }

    Map<String, Object> structured() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (argument != null) {
            error.put("argument", argument);
        }
        error.put("next", next);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", error);
        return out;
    }

    String text() {
        return "Error [" + code + "]: " + message + "\nNext: " + next;
    }

    /** The failure of type {@code type} behind {@code e} (TLS and connection failures wrap it), or null. */
    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
