package dev.rooremote.relay;

import dev.rooremote.protocol.relay.ErrorCode;

/** A request the relay refuses or cannot carry out, with the stable code its client sees. */
public class RelayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public RelayException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public RelayException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
