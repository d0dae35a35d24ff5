package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A task's state as the relay derives it from Roo's events. */
public enum TaskState {
    /** Roo is working on it. */
    RUNNING,
    /** An interactive ask (followup, tool, command) waits for a person. */
    NEEDS_INPUT,
    /** Roo stopped at an idle ask (e.g. an API request failed); a message continues it. */
    IDLE,
    /** The task was interrupted and can be resumed. */
    RESUMABLE,
    /** The task was aborted and not (yet) reloaded. */
    ABORTED,
    /** Roo finished: its final ask {@code completion_result} is shown. */
    COMPLETED,
    /** A state this side does not know (sent by a newer peer). */
    UNKNOWN;

    /** True when the task waits for nobody and nothing more will happen without a request. */
    public boolean isSettled() {
        return this == COMPLETED || this == ABORTED;
    }

    /** The state in words for people: "waiting for you", not {@code needs-input}. */
    public String words() {
        return switch (this) {
            case RUNNING -> "running";
            case NEEDS_INPUT -> "waiting for you";
            case IDLE -> "stopped, waiting for a message";
            case RESUMABLE -> "interrupted, can be resumed";
            case ABORTED -> "stopped";
            case COMPLETED -> "finished";
            case UNKNOWN -> "in a state this version does not know";
        };
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static TaskState fromWire(String value) {
        for (TaskState state : values()) {
            if (state.wire().equals(value)) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
