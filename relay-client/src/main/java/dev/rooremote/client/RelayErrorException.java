package dev.rooremote.client;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;

/** The relay refused a request; {@link #code()} is stable, the message says what to do. */
public final class RelayErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String requestId;
    private final String sessionId;

    public RelayErrorException(ErrorCode code, String message, String requestId, String sessionId) {
        super(message);
        this.code = code;
        this.requestId = requestId;
        this.sessionId = sessionId;
    }

    static RelayErrorException of(ServerMessage.Error error) {
        return new RelayErrorException(error.code(), error.message(), error.id(), error.sessionId());
    }

    public ErrorCode code() {
        return code;
    }

    /** The refused request's id, or null for a connection-level error. */
    public String requestId() {
        return requestId;
    }

    /** The session the error is about, when the relay named one. */
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String toString() {
        return "RelayErrorException[" + code.wire() + "]: " + getMessage();
    }
}
