package dev.rooremote.client;

import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.TaskSummary;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task that a {@link TaskRunner} ran ended.
 *
 * @param taskId the task, or null when the run ended before Roo created it
 * @param ask the ask the run ended at (for the reasons that name one), or null
 * @param result Roo's completion result, when the task completed and said one
 * @param task the task as the session knows it at the end (its tokens and cost), or null
 * @param error the failure, for {@link Reason#RELAY_ERROR} and {@link Reason#ANSWER_FAILED}
 */
public record TaskOutcome(
        Reason reason, String taskId, PendingAsk ask, String result, TaskSummary task, Throwable error) {

    public TaskOutcome {
        Objects.requireNonNull(reason, "reason");
    }

    /** The outcome as a script sees it. */
    public enum State {
        COMPLETED,
        /** Aborted or interrupted: the task can be resumed. */
        ABORTED,
        FAILED,
        /** Roo waits for an answer or an approval the policy does not give. */
        NEEDS_INPUT,
        /** The runner stopped waiting; the task goes on in Roo. */
        TIMEOUT;

        /** {@code completed}, {@code aborted}, {@code failed}, {@code needs-input} or {@code timeout}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Why the run ended. */
    public enum Reason {
        /** The task completed (its state, or Roo's final {@code completion_result} question). */
        COMPLETED(State.COMPLETED),
        /** The task was aborted (cancelled). */
        ABORTED(State.ABORTED),
        /** The task was interrupted and can be resumed. */
        INTERRUPTED(State.ABORTED),
        /** Roo stopped at {@link #ask()} (an API failure, too many mistakes, ...). */
        STOPPED(State.FAILED),
        /** Roo asks a followup question and the policy does not answer followups. */
        FOLLOWUP(State.NEEDS_INPUT),
        /** Roo asks a followup question without suggestions and the policy answers with the first one. */
        FOLLOWUP_WITHOUT_SUGGESTIONS(State.NEEDS_INPUT),
        /** Roo waits for a tool, command or MCP approval. */
        APPROVAL(State.NEEDS_INPUT),
        /** Roo reached the auto-approval request limit and waits for permission to go on. */
        REQUEST_LIMIT(State.NEEDS_INPUT),
        /** The relay reported an error about the session (it was removed, access was withdrawn, ...). */
        RELAY_ERROR(State.FAILED),
        /** Sending the policy's answer (to a followup, or an approval or denial) failed. */
        ANSWER_FAILED(State.FAILED),
        /** {@link TaskRunner#timeOut()} was called first. */
        TIMED_OUT(State.TIMEOUT);

        private final State state;

        Reason(State state) {
            this.state = state;
        }

        public State state() {
            return state;
        }
    }

    public State state() {
        return reason.state();
    }

    public Optional<String> resultOpt() {
        return Optional.ofNullable(result);
    }

    public Optional<TaskSummary> taskOpt() {
        return Optional.ofNullable(task);
    }
}
