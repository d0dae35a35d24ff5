package dev.rooremote.relay.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.ExitStatus;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code commandExit} event of the bridge (docs/BRIDGE.md, section 6): how the command whose output
 * message is {@code ts} in task {@code taskId} ended.
 */
public record BridgeCommandExit(String taskId, long ts, ExitStatus status) {

    public static final String EVENT = "commandExit";
    private static final Pattern TASK_ID = Pattern.compile("[^\\p{Cntrl}\\s]{1,128}");

    public BridgeCommandExit {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Reads the event's frame.
     *
     * @throws IllegalArgumentException naming what is wrong with it, for the relay's log
     */
    public static BridgeCommandExit parse(JsonNode frame) {
        JsonNode taskId = frame.path("taskId");
        if (!taskId.isTextual() || !TASK_ID.matcher(taskId.asText()).matches()) {
            throw new IllegalArgumentException("\"taskId\" must be a task id (1 to 128 characters, no spaces)");
        }
        JsonNode ts = frame.path("ts");
        if (!ts.isIntegralNumber() || !ts.canConvertToLong() || ts.asLong() <= 0) {
            throw new IllegalArgumentException("\"ts\" must be a positive whole number (the output message's ts)");
        }
        JsonNode code = frame.path("exitCode");
        JsonNode signal = frame.path("signal");
        boolean hasCode = !code.isMissingNode() && !code.isNull();
        boolean hasSignal = !signal.isMissingNode() && !signal.isNull();
        if (hasCode == hasSignal) {
            throw new IllegalArgumentException(
                    "a commandExit needs either \"exitCode\" or \"signal\", not " + (hasCode ? "both" : "neither"));
        }
        if (hasCode && (!code.isIntegralNumber() || !code.canConvertToInt())) {
            throw new IllegalArgumentException("\"exitCode\" must be a whole number");
        }
        if (hasSignal && !signal.isTextual()) {
            throw new IllegalArgumentException("\"signal\" must be a signal name such as SIGTERM");
        }
        ExitStatus status = hasCode ? ExitStatus.exited(code.asInt()) : ExitStatus.killed(signal.asText());
        return new BridgeCommandExit(taskId.asText(), ts.asLong(), status);
    }
}
