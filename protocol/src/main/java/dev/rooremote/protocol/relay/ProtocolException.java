package dev.rooremote.protocol.relay;

/**
 * A frame that cannot be accepted. Carries the stable {@link ErrorCode} and, when the frame got far
 * enough to have one, the request id, so the answer can name the request it refuses.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String requestId;

    public ProtocolException(ErrorCode code, String message, String requestId) {
        super(message);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The id of the refused request, or null when the frame had none. */
    public String requestId() {
        return requestId;
    }

    /** The error frame that answers this. */
    public ServerMessage.Error toError() {
        return ServerMessage.Error.of(requestId, code, getMessage());
    }
}
