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
}
