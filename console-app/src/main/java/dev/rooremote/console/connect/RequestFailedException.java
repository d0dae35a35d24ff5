package dev.rooremote.console.connect;

import dev.rooremote.protocol.relay.ErrorCode;

/** The relay refused a request; {@link #code()} is its stable error code. */
public final class RequestFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RequestFailedException(ErrorCode code, String message) {
        super(message);
        this.code = code == null ? ErrorCode.UNKNOWN : code;
    }

    public ErrorCode code() {
        return code;
    }

    /** A failed request, in words for people; {@code what} names the request ("answer", "save"). */
    public static String describe(String what, Throwable error) {
        if (error instanceof RequestFailedException failed) {
            switch (failed.code()) {
                case FORBIDDEN:
                    return "Not allowed: " + failed.getMessage();
                case STALE_ASK:
                    return "Roo moved on before your " + what + " arrived; nothing was sent.";
                case ROO_BUSY:
                    return "Roo is busy; your " + what + " was not sent. Try again when it waits for you.";
                case SESSION_UNAVAILABLE:
                    return "The session's Roo is not connected; your " + what + " was not sent.";
                default:
                    return "The " + what + " failed: " + failed.getMessage();
            }
        }
        return "The " + what + " failed: " + (error.getMessage() == null ? error.toString() : error.getMessage());
    }
}
