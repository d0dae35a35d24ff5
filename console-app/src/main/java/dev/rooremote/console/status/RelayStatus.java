package dev.rooremote.console.status;

/**
 * One relay's line in the status bar.
 *
 * @param name the relay's name
 * @param state what state it is in, for its colour
 * @param text what to show, in words for people ("build-1: connected · 3 ms")
 */
public record RelayStatus(String name, State state, String text) {

    public enum State {
        CONNECTING,
        CONNECTED,
        RECONNECTING,
        NOT_CONNECTED,
        CLOSED
    }
}
