package dev.rooremote.protocol.relay;

import java.util.Objects;

/**
 * One task of a session as listed in its history.
 *
 * @param text the prompt the task started with, when known
 * @param startedAt epoch milliseconds of the first event seen for it
 * @param updatedAt epoch milliseconds of the latest event seen for it
 */
public record TaskSummary(
        String taskId,
        String text,
        TaskState state,
        long startedAt,
        long updatedAt,
        Tokens tokens,
        String parentTaskId) {

    public TaskSummary {
        Objects.requireNonNull(taskId, "taskId");
        state = state == null ? TaskState.UNKNOWN : state;
        tokens = tokens == null ? Tokens.ZERO : tokens;
    }
}
