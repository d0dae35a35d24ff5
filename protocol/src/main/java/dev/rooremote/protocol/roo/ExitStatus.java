package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * How a command Roo ran ended: its exit code, or the signal that killed it. Roo's IPC does not carry this
 * (only the tool result Roo sends to the model does); the relay adds it to a command's output message when
 * the session's bridge reports it. Exactly one of {@code code} and {@code signal} is set.
 *
 * @param code the process's exit code
 * @param signal the name of the signal that ended the process, such as {@code SIGTERM}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExitStatus(
        @JsonProperty("code") Integer code,
        @JsonProperty("signal") String signal) {

    private static final Pattern SIGNAL = Pattern.compile("[A-Za-z0-9_+-]{1,32}");

    public ExitStatus {
        if ((code == null) == (signal == null)) {
            throw new IllegalArgumentException(
                    "an exit status has either a code or a signal, not " + (code == null ? "neither" : "both"));
        }
        if (signal != null && !SIGNAL.matcher(signal).matches()) {
            throw new IllegalArgumentException(
                    "a signal is a name of 1 to 32 letters, digits, '_', '+' or '-', such as SIGTERM");
        }
    }

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, null);
    }

    public static ExitStatus killed(String signal) {
        return new ExitStatus(null, signal);
    }

    /** Whether the command exited with code 0. */
    public boolean success() {
        return code != null && code == 0;
    }

    /** For people: {@code exit 0}, {@code exit 2}, {@code killed by SIGTERM}. */
    public String describe() {
        return code != null ? "exit " + code : "killed by " + signal;
    }
}
