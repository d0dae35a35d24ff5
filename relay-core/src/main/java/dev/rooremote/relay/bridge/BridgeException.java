package dev.rooremote.relay.bridge;

/**
 * The bridge refused a request or a connection, or could not be reached. {@link #code()} is the bridge's
 * own code (docs/BRIDGE.md sections 3 and 5: {@code stale_ask}, {@code no_pending_ask}, {@code unauthorized},
 * ...) or one of the relay's for a bridge it could not talk to: {@link #UNAVAILABLE}, {@link #TIMEOUT}.
 * The message is for people and never holds a secret.
 */
public final class BridgeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The bridge is not connected, or the connection ended before the answer came. */
    public static final String UNAVAILABLE = "unavailable";
    /** The bridge did not answer in time. */
    public static final String TIMEOUT = "timeout";

    private final String code;

    public BridgeException(String code, String message) {
        super(message);
        this.code = code == null ? "failed" : code;
    }

    public String code() {
        return code;
    }
}
