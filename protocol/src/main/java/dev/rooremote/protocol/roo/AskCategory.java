package dev.rooremote.protocol.roo;

import java.util.Set;

/**
 * What an open ask means for the task, following the lists in Roo's {@code message.ts}
 * ({@code interactiveAsks}, {@code idleAsks}, {@code resumableAsks}, {@code nonBlockingAsks}).
 */
public enum AskCategory {
    /** The task waits for a person: a followup answer or an approval. */
    INTERACTIVE,
    /** The task has stopped (finished, failed, or hit a limit); a new message would continue it. */
    IDLE,
    /** The task was interrupted and can be resumed. */
    RESUMABLE,
    /** Informational only (command output); nothing waits on it. */
    NON_BLOCKING,
    /** A kind this version does not know. */
    UNKNOWN;

    private static final Set<AskKind> INTERACTIVE_ASKS =
            Set.of(AskKind.FOLLOWUP, AskKind.COMMAND, AskKind.TOOL, AskKind.USE_MCP_SERVER);
    private static final Set<AskKind> IDLE_ASKS = Set.of(
            AskKind.COMPLETION_RESULT,
            AskKind.API_REQ_FAILED,
            AskKind.RESUME_COMPLETED_TASK,
            AskKind.MISTAKE_LIMIT_REACHED,
            AskKind.AUTO_APPROVAL_MAX_REQ_REACHED);

    public static AskCategory of(AskKind kind) {
        if (kind == null) {
            return UNKNOWN;
        }
        if (INTERACTIVE_ASKS.contains(kind)) {
            return INTERACTIVE;
        }
        if (IDLE_ASKS.contains(kind)) {
            return IDLE;
        }
        if (AskKind.RESUME_TASK.equals(kind)) {
            return RESUMABLE;
        }
        if (AskKind.COMMAND_OUTPUT.equals(kind)) {
            return NON_BLOCKING;
        }
        return UNKNOWN;
    }
}
