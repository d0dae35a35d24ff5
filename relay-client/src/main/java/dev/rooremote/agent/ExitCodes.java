package dev.rooremote.agent;

import dev.rooremote.client.FingerprintMismatchException;
import dev.rooremote.client.RelayAuthenticationException;
import dev.rooremote.client.RelayErrorException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** roo-agent's exit codes, stable for scripts; listed in every command's --help. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int AUTHENTICATION = 3;
    static final int SESSION_UNAVAILABLE = 4;
    static final int TASK_FAILED = 5;
    static final int TIMEOUT = 6;
    static final int NEEDS_INPUT = 7;

    private ExitCodes() {}

    static Map<String, String> describe() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" 0", "done (with run --wait: the task completed)");
        codes.put(" 1", "the relay refused the request or could not be reached (the message says why)");
        codes.put(" 2", "usage: a bad option or value");
        codes.put(
                " 3",
                "authentication: not logged in, credentials refused, not allowed, or the relay's"
                        + " certificate does not match the pinned fingerprint");
        codes.put(" 4", "the session (or task) is unknown or its Roo is not connected");
        codes.put(" 5", "the task failed or was aborted");
        codes.put(" 6", "timed out (the task goes on in Roo)");
        codes.put(" 7", "the task waits for input roo-agent was not told how to give");
        return codes;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static int of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof RelayAuthenticationException || mismatch(e) != null) {
            return AUTHENTICATION;
        }
        if (e instanceof TimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof UsageException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof RelayErrorException r) {
            switch (r.code()) {
                case UNAUTHORIZED:
                case FORBIDDEN:
                    return AUTHENTICATION;
                case UNKNOWN_SESSION:
                case SESSION_UNAVAILABLE:
                case UNKNOWN_TASK:
                    return SESSION_UNAVAILABLE;
                case TIMEOUT:
                    return TIMEOUT;
                case BAD_REQUEST:
                case INVALID_SETTINGS:
                case IMAGE_TOO_LARGE:
                case FRAME_TOO_LARGE:
                    return USAGE;
                default:
                    return FAILURE;
            }
        }
        return FAILURE;
    }

    /** The certificate mismatch somewhere behind {@code e} (TLS libraries wrap it), or null. */
    static FingerprintMismatchException mismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FingerprintMismatchException m) {
                return m;
            }
        }
        return null;
    }

    /** What went wrong, for a person: in roo-agent's words (its commands, not the relay's request names). */
    static String message(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof RelayErrorException r) {
            return CliWords.reword(r.getMessage()) + " [" + r.code().wire() + "]";
        }
        FingerprintMismatchException mismatch = mismatch(e);
        if (mismatch != null) {
            return mismatch.getMessage();
        }
        String message = e.getMessage();
        if (e instanceof RelayAuthenticationException && message != null && !message.contains("roo-agent")) {
            // The library says what the relay refused; how to sign in again is roo-agent's to say.
            return CliWords.reword(message) + ": run 'roo-agent login' again, or pass a valid agent token with --token";
        }
        return message == null || message.isBlank()
                ? "an unexpected error stopped the command; run it again, and report it if it keeps happening"
                : CliWords.reword(message);
    }
}
