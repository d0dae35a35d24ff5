package dev.rooremote.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The client's link to the relay, for a status bar.
 *
 * @param retryIn with {@link Status#RECONNECTING}: how long until the next attempt
 * @param reason why the link is not up (the last failure), or null
 */
public record ConnectionState(Status status, Duration retryIn, String reason, Throwable failure) {

    public enum Status {
        /** Not started yet. */
        IDLE,
        CONNECTING,
        CONNECTED,
        /** The link dropped; the next attempt is due in {@code retryIn}. */
        RECONNECTING,
        /** Gave up: bad credentials, a changed certificate, or the first connection failed. */
        FAILED,
        /** Closed by the caller. */
        CLOSED
    }

    static ConnectionState of(Status status) {
        return new ConnectionState(status, null, null, null);
    }

    public Optional<Duration> retryInOpt() {
        return Optional.ofNullable(retryIn);
    }

    /** A short text for a status bar, e.g. "reconnecting in 4 s (connection refused)". */
    public String describe() {
        String text;
        if (status == Status.RECONNECTING && retryIn != null) {
            long seconds = Math.max(1, (retryIn.toMillis() + 999) / 1000);
            text = "reconnecting in " + seconds + " s";
        } else {
            text = status.name().toLowerCase(java.util.Locale.ROOT);
        }
        return reason == null ? text : text + " (" + reason + ")";
    }
}
