package dev.rooremote.agent.mcp;

import dev.rooremote.client.AskText;
import dev.rooremote.client.TaskOutcome;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.TaskSummary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A task's outcome as wait_for_task returns it, with the next step for the model that waited. */
final class OutcomeView {

    private OutcomeView() {}

    static Map<String, Object> structured(String sessionId, TaskOutcome outcome) {
        return structured(
                sessionId,
                outcome.taskId(),
                outcome.state().wire(),
                reason(outcome.reason()),
                outcome.result(),
                outcome.ask(),
                outcome.task(),
                next(sessionId, outcome));
    }

    /** Still running when the wait ran out: the task goes on. */
    static Map<String, Object> timedOut(String sessionId, String taskId, TaskSummary task, long seconds) {
        return structured(
                sessionId,
                taskId,
                TaskOutcome.State.TIMEOUT.wire(),
                reason(TaskOutcome.Reason.TIMED_OUT),
                null,
                null,
                task,
                "No outcome within " + seconds + " s; task " + taskId + " goes on in Roo. Call wait_for_task"
                        + " again with session '" + sessionId + "' and task_id '" + taskId + "' (or cancel_task to"
                        + " stop it).");
    }

    static String text(Map<String, Object> view) {
        StringBuilder out = new StringBuilder();
        out.append("Task ")
                .append(view.get("task_id"))
                .append(" in session ")
                .append(view.get("session"))
                .append(": ")
                .append(view.get("outcome"))
                .append(" (")
                .append(view.get("reason"))
                .append(")\n");
        if (view.get("result") != null) {
            out.append("Result: ").append(view.get("result")).append('\n');
        }
        if (view.get("task") instanceof Map<?, ?> task) {
            out.append(String.format(Locale.ROOT, "Cost: $%.4f%n", ((Number) task.get("cost_usd")).doubleValue()));
        }
        out.append("Next: ").append(view.get("next"));
        return out.toString();
    }

    private static Map<String, Object> structured(
            String sessionId,
            String taskId,
            String outcome,
            String reason,
            String result,
            PendingAsk ask,
            TaskSummary task,
            String next) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", sessionId);
        out.put("task_id", taskId);
        out.put("outcome", outcome);
        out.put("reason", reason);
        out.put("result", result);
        out.put("pending_ask", ask == null ? null : Views.ask(ask));
        out.put("task", task == null ? null : Views.task(task));
        out.put("next", next);
        return out;
    }

    private static String reason(TaskOutcome.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    /** What to do after {@code outcome}, with the tools that do it. */
    static String next(String sessionId, TaskOutcome outcome) {
        String taskId = outcome.taskId();
        PendingAsk ask = outcome.ask();
        return switch (outcome.reason()) {
            case COMPLETED ->
                "Review the work: get_transcript with task_id '" + taskId + "' shows every change and command."
                        + " Accept it, or send Roo feedback on the same task with answer_followup, or give it a"
                        + " follow-up task with start_task.";
            case ABORTED -> "The task was cancelled. resume_task reopens it; start_task gives Roo a new one.";
            case INTERRUPTED ->
                "The task stopped and can go on: answer_followup with a message (e.g. 'continue') resumes it;"
                        + " then wait_for_task.";
            case STOPPED ->
                "Roo stopped (" + AskText.describe(ask) + "). answer_followup with a message continues the task"
                        + " (e.g. 'try again'); cancel_task gives up on it.";
            case FOLLOWUP, FOLLOWUP_WITHOUT_SUGGESTIONS ->
                "Roo asks a question (" + AskText.describe(ask) + "). Answer it with answer_followup (session '"
                        + sessionId + "'), then call wait_for_task again.";
            case APPROVAL ->
                "Roo waits for approval of " + AskText.describe(ask) + ". approve_ask works where list_sessions"
                        + " shows can.approve; otherwise deny_ask with feedback that tells Roo another way, or"
                        + " have an admin allow such actions in the session's settings before the next task.";
            case REQUEST_LIMIT ->
                "Roo reached its auto-approval request limit. answer_followup with 'continue' lets it go on.";
            case RELAY_ERROR, ANSWER_FAILED ->
                "The relay reported a problem"
                        + (outcome.error() == null
                                ? ""
                                : ": " + Refusals.of(outcome.error()).message())
                        + ". Check the session with list_sessions.";
            case TIMED_OUT ->
                "The wait ended before an outcome; task " + taskId + " goes on in Roo. Call wait_for_task again.";
        };
    }
}
