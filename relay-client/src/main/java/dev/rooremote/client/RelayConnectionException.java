package dev.rooremote.client;

/**
 * A request could not be completed because of the connection, not because the relay refused it:
 * the connection dropped before the relay answered, the client was closed, or it could not connect.
 */
public final class RelayConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RelayConnectionException(String message) {
        super(message);
    }

    public RelayConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
