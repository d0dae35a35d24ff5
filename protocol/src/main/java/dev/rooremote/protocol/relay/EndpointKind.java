package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the relay reaches a session's Roo. */
public enum EndpointKind {
    /** An existing Roo IPC socket. */
    ATTACH,
    /** A headless VS Code the relay starts and supervises. */
    LAUNCH,
    /** The relay's built-in simulated Roo. */
    DEMO,
    UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EndpointKind fromWire(String value) {
        for (EndpointKind kind : values()) {
            if (kind.wire().equals(value)) {
                return kind;
            }
        }
        return UNKNOWN;
    }
}
