package dev.rooremote.console.connect;

import java.time.Instant;

/**
 * The state of a connection to a relay.
 *
 * @param retryAt when the next reconnect attempt happens (for RECONNECTING)
 * @param detail why the connection is down, in words for people
 */
public record LinkState(Phase phase, Instant retryAt, String detail) {

    public enum Phase {
        CONNECTING,
        CONNECTED,
        RECONNECTING,
        FAILED,
        CLOSED
    }

    public static LinkState connected() {
        return new LinkState(Phase.CONNECTED, null, null);
    }

    public boolean isUp() {
        return phase == Phase.CONNECTED;
    }
}
