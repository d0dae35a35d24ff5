package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The state of the relay's link to a session's Roo endpoint. */
public enum ConnectionStatus {
    LAUNCHING,
    CONNECTING,
    CONNECTED,
    DISCONNECTED,
    FAILED,
    UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ConnectionStatus fromWire(String value) {
        for (ConnectionStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
