package dev.rooremote.agent;

import dev.rooremote.client.TaskOutcome;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.roo.FollowupQuestion;
import java.time.Duration;
import java.util.List;

/** The exit code of a {@code run --wait} outcome, and what to tell the person or script that ran it. */
final class RunOutcomes {

    private RunOutcomes() {}

    static int exitCode(TaskOutcome outcome) {
        return switch (outcome.state()) {
            case COMPLETED -> ExitCodes.OK;
            case ABORTED -> ExitCodes.TASK_FAILED;
            case FAILED -> outcome.error() == null ? ExitCodes.TASK_FAILED : ExitCodes.of(outcome.error());
            case NEEDS_INPUT -> ExitCodes.NEEDS_INPUT;
            case TIMEOUT -> ExitCodes.TIMEOUT;
        };
    }

    /** What happened and what to do next, with the roo-agent command that does it; null when the task completed. */
    static String message(TaskOutcome outcome, String sessionId, Duration timeout) {
        String taskId = outcome.taskId();
        PendingAsk ask = outcome.ask();
        return switch (outcome.reason()) {
            case COMPLETED -> null;
            case ABORTED -> "task " + taskId + " was aborted";
            case INTERRUPTED ->
                "task " + taskId + " was interrupted; resume it with: roo-agent resume --session " + sessionId + " "
                        + taskId;
            case STOPPED -> "Roo stopped; it waits for " + Commands.describeAsk(ask);
            case FOLLOWUP ->
                "Roo waits for " + Commands.describeAsk(ask) + "; answer with: roo-agent send --session " + sessionId
                        + " 'ANSWER' (or run with --on-followup first|TEXT)";
            case FOLLOWUP_WITHOUT_SUGGESTIONS ->
                "Roo asks '"
                        + FollowupQuestion.parse(ask.text())
                                .orElse(new FollowupQuestion("", List.of()))
                                .question()
                        + "' without suggestions, so --on-followup first cannot answer it";
            case APPROVAL ->
                "Roo waits for " + Commands.describeAsk(ask)
                        + "; approve it with 'roo-agent approve --session " + sessionId + "' (where the session can"
                        + " approve) or deny it with 'roo-agent deny --session " + sessionId + " FEEDBACK'; let the"
                        + " next run decide with --on-ask, or allow it before the next run with: roo-agent settings"
                        + " set --session " + sessionId + " " + allowing(ask);
            case REQUEST_LIMIT ->
                "Roo reached the auto-approval request limit and waits"
                        + " for permission to go on (roo-agent send --session " + sessionId + " 'continue')";
            case RELAY_ERROR -> CliWords.reword(outcome.error().getMessage());
            case ANSWER_FAILED -> "answering Roo's ask failed: " + ExitCodes.message(outcome.error());
            case TIMED_OUT ->
                "no outcome after " + timeout.toSeconds() + " s; task " + taskId
                        + " goes on in Roo (follow it with: roo-agent watch --session " + sessionId + ")";
        };
    }

    /** The settings that let Roo do what {@code ask} waits for without asking. */
    private static String allowing(PendingAsk ask) {
        if ("command".equals(ask.ask())) {
            String command = ask.text() == null ? "COMMAND" : ask.text().strip();
            return "autoApprovalEnabled=true alwaysAllowExecute=true 'allowedCommands=[\""
                    + command.replace("\"", "\\\"") + "\"]'";
        }
        if ("use_mcp_server".equals(ask.ask())) {
            return "autoApprovalEnabled=true alwaysAllowMcp=true";
        }
        return "autoApprovalEnabled=true alwaysAllowWrite=true";
    }
}
