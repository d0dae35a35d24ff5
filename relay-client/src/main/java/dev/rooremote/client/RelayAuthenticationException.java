package dev.rooremote.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The relay refused the credentials: a wrong password, an expired, spent or revoked token, or too
 * many login attempts. Not retried automatically.
 */
public final class RelayAuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final transient Duration retryAfter;

    public RelayAuthenticationException(int httpStatus, String message, Duration retryAfter) {
        super(message);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** 401 for refused credentials, 429 for too many attempts. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the relay asks to wait before trying again (after a 429). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
