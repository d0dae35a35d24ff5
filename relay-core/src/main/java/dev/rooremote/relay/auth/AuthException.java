package dev.rooremote.relay.auth;

import dev.rooremote.protocol.relay.ErrorCode;

/**
 * Credentials refused, with the HTTP status and stable code the client sees and, for throttled
 * logins, how many seconds to wait.
 */
public class AuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final ErrorCode code;
    private final long retryAfterSeconds;

    public AuthException(int status, ErrorCode code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static AuthException unauthorized(String message) {
        return new AuthException(401, ErrorCode.UNAUTHORIZED, message, 0);
    }

    public static AuthException badRequest(String message) {
        return new AuthException(400, ErrorCode.BAD_REQUEST, message, 0);
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
