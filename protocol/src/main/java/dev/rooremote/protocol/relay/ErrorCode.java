package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Stable error codes of relay protocol v1. Clients branch on these, never on the human message.
 * Codes are only ever added; a client that meets a code it does not know treats it as {@link #UNKNOWN}.
 */
public enum ErrorCode {
    /** The frame is not JSON, or not a JSON object. The connection stays open. */
    MALFORMED_JSON,
    /** The frame's {@code v} is missing or not a version this side speaks. */
    UNSUPPORTED_VERSION,
    /** The frame's {@code type} is missing or unknown. */
    UNKNOWN_TYPE,
    /** A field is missing, has the wrong type, or breaks a rule (the message names it). */
    BAD_REQUEST,
    /** The frame is larger than the relay's limit. */
    FRAME_TOO_LARGE,
    /** Too many images, or an image too large. */
    IMAGE_TOO_LARGE,
    /** Too many requests per second on this connection. */
    RATE_LIMITED,
    /** No valid credentials: log in again. */
    UNAUTHORIZED,
    /**
     * The connection's access token has expired: send {@code authenticate} with a fresh one, then
     * repeat the request. The connection stays open for a while; events keep arriving meanwhile.
     */
    TOKEN_EXPIRED,
    /** The caller's role or token scope does not allow this request. */
    FORBIDDEN,
    /** No session with that id. */
    UNKNOWN_SESSION,
    /** The session's Roo endpoint is not connected. */
    SESSION_UNAVAILABLE,
    /** The named task does not exist in this session. */
    UNKNOWN_TASK,
    /** The request needs a pending ask and the task has none. */
    NO_PENDING_ASK,
    /** The request names an ask that is no longer the pending one (answered, superseded or never seen). */
    STALE_ASK,
    /** The pending ask cannot be answered this way (e.g. a typed message to a tool approval). */
    ASK_NOT_ANSWERABLE,
    /** Roo is working: a message now would be queued and later approve a tool ask, so it is refused. */
    ROO_BUSY,
    /** The session's endpoint cannot do this (e.g. approve over stock Roo IPC). */
    CAPABILITY_UNAVAILABLE,
    /** A settings change was refused (the message names the key and the rule). */
    INVALID_SETTINGS,
    /** Roo did not answer in time. */
    TIMEOUT,
    /** The client fell too far behind; it may reconnect and resume from its last sequence number. */
    SLOW_CONSUMER,
    /** The caller has no paired device with that id (or it was revoked already). */
    UNKNOWN_DEVICE,
    /** The relay failed; the message says what, and the relay's log has the details. */
    INTERNAL_ERROR,
    /** A code this side does not know (sent by a newer peer). */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ErrorCode fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        for (ErrorCode code : values()) {
            if (code.wire().equals(value)) {
                return code;
            }
        }
        return UNKNOWN;
    }
}
