package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a user or token may do. Each role includes the ones before it. */
public enum Role {
    /** Watches sessions, reads history and transcripts. */
    VIEWER,
    /** Also starts tasks, answers asks, cancels and resumes. */
    OPERATOR,
    /** Also changes session settings and manages users. */
    ADMIN;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wire().equalsIgnoreCase(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "' (expected viewer, operator or admin)");
    }
}
