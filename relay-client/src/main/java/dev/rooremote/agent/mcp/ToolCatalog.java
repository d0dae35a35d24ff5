package dev.rooremote.agent.mcp;

import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tools: names, descriptions written for the model that calls them, and input and output
 * schemas. Every result names the session; most say in 'next' what to do after them.
 */
final class ToolCatalog {

    static final List<String> FOLLOWUP_POLICIES = List.of("stop", "first_suggestion", "answer");
    static final List<String> TRANSCRIPT_FORMATS = List.of("markdown", "structured");
    static final long MAX_WAIT_SECONDS = 1800;
    static final long DEFAULT_WAIT_SECONDS = 120;

    /** Failed calls (isError) carry only this; the fields of a successful result are absent then. */
    private static final Map<String, Object> ERROR = Schema.anyObject(
            "Only when the call failed: {code, message, next, argument}; 'next' says what to do about it.");

    private ToolCatalog() {}

    /** The names of the arguments a tool takes. */
    @SuppressWarnings("unchecked")
    static Set<String> arguments(Tool tool) {
        Object properties = tool.inputSchema().get("properties");
        return properties instanceof Map<?, ?> map ? ((Map<String, Object>) map).keySet() : Set.of();
    }

    static Tool listSessions() {
        return tool(
                "list_sessions",
                "List Roo sessions",
                "List the Roo Code sessions you may use. Each session is one Roo (a VS Code window) working in"
                        + " one project. For each: whether its Roo is connected, what it can do (can.approve:"
                        + " whether approve_ask works there), its current task with state (running,"
                        + " needs-input, idle, resumable, aborted, completed) and cost, and the ask Roo waits on,"
                        + " if any, with the tools that answer it. Call this first to pick a session.",
                Schema.object(),
                Schema.object()
                        .optional(
                                "sessions",
                                Schema.objectArray("Each {session, name, connection, can, task, pending_ask}."))
                        .optional("user", Schema.stringOrNull("Who roo-agent is logged in as."))
                        .optional("role", Schema.stringOrNull("That user's role: viewer, operator or admin.")),
                Effect.READS);
    }

    static Tool startTask() {
        return tool(
                "start_task",
                "Start a Roo task",
                "Give Roo a new task in a session and return its task_id at once; Roo works on it in the"
                        + " background. Then call wait_for_task with the task_id until it returns an outcome. A"
                        + " new task replaces the session's current one (Roo keeps that one resumable). Write the"
                        + " prompt as you would for a capable developer: the goal, the files, how to check the"
                        + " work. on_followup says what happens when Roo asks a followup question: 'stop' (the"
                        + " default) makes wait_for_task return it so you answer with answer_followup,"
                        + " 'first_suggestion' picks Roo's first suggested answer, 'answer' always replies"
                        + " followup_answer. Needs the operator role.",
                forSession()
                        .required("prompt", Schema.string("What Roo should do."))
                        .optional("mode", Schema.string("Roo's mode for this task, e.g. code, architect, ask, debug."))
                        .optional(
                                "images",
                                Schema.stringArray("Images for Roo: data URLs (data:image/png;base64,...)"
                                        + " or paths of png, jpeg, gif or webp files on this machine."))
                        .optional("on_followup", Schema.oneOf("See above.", FOLLOWUP_POLICIES, "stop"))
                        .optional("followup_answer", Schema.string("With on_followup 'answer': the reply.")),
                result("task_id", Schema.string("The new task; pass it to wait_for_task."))
                        .optional("on_followup", Schema.string("How Roo's followup questions get answered.")),
                Effect.CHANGES);
    }

    static Tool waitForTask() {
        return tool(
                "wait_for_task",
                "Wait for a Roo task",
                "Wait until a task completes, fails, is aborted, or needs input (a followup question, an"
                        + " approval), or until timeout_seconds pass, and return its outcome: 'completed' with"
                        + " Roo's result, 'needs-input' with the pending ask and the tool that answers it,"
                        + " 'aborted', 'failed', or 'timeout' (the task goes on; call again). 'next' says what to do"
                        + " now. Sends progress notifications while it waits when the call carries a progress"
                        + " token. Keep timeout_seconds below your own tool-call timeout. Without task_id, waits"
                        + " for the session's current task. With the on_followup a task was started with, it"
                        + " answers Roo's followup questions as it waits.",
                forSession()
                        .optional("task_id", Schema.string("The task; default: the session's current task."))
                        .optional(
                                "timeout_seconds",
                                Schema.integer(
                                        "How long to wait at most, in seconds.",
                                        1,
                                        MAX_WAIT_SECONDS,
                                        DEFAULT_WAIT_SECONDS)),
                result("task_id", Schema.stringOrNull("The task."))
                        .optional("outcome", Schema.string("completed, needs-input, aborted, failed, or timeout."))
                        .optional("reason", Schema.string("Why it ended, more precisely (e.g. followup, approval)."))
                        .optional("result", Schema.stringOrNull("Roo's completion result, when it completed."))
                        .optional("pending_ask", Schema.objectOrNull("The ask Roo waits on, with answer_with."))
                        .optional("task", Schema.objectOrNull("The task's state, tokens and cost.")),
                Effect.CHANGES);
    }

    static Tool answerFollowup() {
        return answering(
                "answer_followup",
                "Answer Roo",
                "Answer the followup question Roo waits on (pick or adapt one of its suggestions, or write your"
                        + " own answer). When Roo finished or stopped (a completed task, a failed API request, a"
                        + " resumed task), this sends the message that continues the same task, e.g. review"
                        + " feedback. Then call wait_for_task again. Tool and command approvals are answered"
                        + " with approve_ask or deny_ask instead. Needs the operator role.",
                forSession().required("answer", Schema.string("The answer or message for Roo.")));
    }

    static Tool approveAsk() {
        return answering(
                "approve_ask",
                "Approve Roo's action",
                "Approve the tool use (a file write) or command Roo waits to run. Only sessions whose"
                        + " can.approve is true (see list_sessions) can approve; stock Roo IPC cannot, and the"
                        + " relay's refusal says what to do instead. Then call wait_for_task again.",
                forSession());
    }

    static Tool denyAsk() {
        return answering(
                "deny_ask",
                "Deny Roo's action",
                "Refuse the tool use or command Roo waits to run, telling Roo why in feedback; Roo reads it and"
                        + " tries another way. Then call wait_for_task again.",
                forSession().optional("feedback", Schema.string("Why, and what Roo should do instead.")));
    }

    static Tool cancelTask() {
        return tool(
                "cancel_task",
                "Cancel a Roo task",
                "Stop the session's current task. Roo keeps it: resume_task reopens it later. With task_id,"
                        + " cancels only if that task is still the current one.",
                forSession().optional("task_id", Schema.string("Cancel only if this is still the current task.")),
                result("cancelled", Schema.string("The task cancelled, or 'the current task'.")),
                Effect.STOPS_WORK);
    }

    static Tool resumeTask() {
        return tool(
                "resume_task",
                "Resume a Roo task",
                "Reopen an earlier task of the session (see list_history). Roo reloads it and waits for a"
                        + " message: send one with answer_followup (e.g. 'continue', or what to do next), then"
                        + " wait_for_task.",
                forSession().required("task_id", Schema.string("The task to reopen.")),
                result("task_id", Schema.string("The reopened task."))
                        .optional("pending_ask", Schema.objectOrNull("The ask Roo waits on now, with answer_with.")),
                Effect.CHANGES);
    }

    static Tool getTranscript() {
        return tool(
                "get_transcript",
                "Read a task's transcript",
                "Read what happened in a task, to review it: the prompt, Roo's messages, every tool use with"
                        + " its path and diff, every command with its output, Roo's result, tokens and cost."
                        + " format 'markdown' (default) reads well; 'structured' gives the same as JSON fields"
                        + " (messages, tool_calls, commands, result, task).",
                forSession()
                        .required("task_id", Schema.string("The task (see list_history or start_task)."))
                        .optional("format", Schema.oneOf("markdown or structured.", TRANSCRIPT_FORMATS, "markdown")),
                result("task", Schema.anyObject("The task: state, prompt, tokens, cost_usd."))
                        .optional("format", Schema.string("markdown or structured."))
                        .optional("markdown", Schema.string("With format markdown: the transcript."))
                        .optional("messages", Schema.objectArray("Structured: each {ts, time, kind, text}."))
                        .optional("tool_calls", Schema.objectArray("Structured: each {tool, path, diff}."))
                        .optional("commands", Schema.objectArray("Structured: each {command, output}."))
                        .optional("result", Schema.stringOrNull("Structured: Roo's result.")),
                Effect.READS);
    }

    static Tool listHistory() {
        return tool(
                "list_history",
                "List a session's tasks",
                "List the session's tasks, newest first: task_id, prompt, state, when, tokens and cost.",
                forSession().optional("limit", Schema.integer("At most this many tasks.", 1, 500, 20L)),
                result("tasks", Schema.objectArray("Newest first: {task_id, state, prompt, cost_usd, ...}."))
                        .optional("total", Schema.integer("How many tasks the session has.", 0, Long.MAX_VALUE, null)),
                Effect.READS);
    }

    static Tool getSettings() {
        return tool(
                "get_settings",
                "Read a session's settings",
                "Read the session's settings: mode, provider, auto-approval (autoApprovalEnabled,"
                        + " alwaysAllowWrite, alwaysAllowExecute, allowedCommands), custom instructions. Where the"
                        + " session has Roo's bridge these are Roo's live settings (source roo); otherwise the"
                        + " relay's stored profile, which it gives Roo with every new task (source profile)."
                        + " Secret values (API keys) are never shown, only their names.",
                forSession(),
                result("settings", Schema.anyObject("Each setting's value."))
                        .optional("secrets", Schema.stringArray("The names of the secret settings that are set."))
                        .optional(
                                "source",
                                Schema.string("roo: Roo's live settings; profile: the relay's stored profile.")),
                Effect.READS);
    }

    /** A tool that answers the session's pending ask; task_id guards against answering another task's. */
    private static Tool answering(String name, String title, String description, Schema input) {
        return tool(
                name,
                title,
                description,
                input.optional("task_id", Schema.string("Act only if the pending ask belongs to this task.")),
                result("task_id", Schema.string("The task whose ask was answered."))
                        .optional("ask", Schema.objectOrNull("The ask that was answered.")),
                Effect.CHANGES);
    }

    private static Schema forSession() {
        return Schema.object().required("session", Schema.string("The session id, as list_sessions shows it."));
    }

    /** A result with the session, {@code field}, and the next step. */
    private static Schema result(String field, Map<String, Object> schema) {
        return Schema.object()
                .optional("session", Schema.string("The session."))
                .optional(field, schema)
                .optional("next", Schema.string("What to do now."));
    }

    /** What calling a tool does to the session, for hosts that ask before running tools that change things. */
    private enum Effect {
        READS,
        CHANGES,
        STOPS_WORK
    }

    private static Tool tool(
            String name, String title, String description, Schema input, Schema output, Effect effect) {
        return Tool.builder(name, input.build(true))
                .title(title)
                .description(description)
                .outputSchema(output.optional("error", ERROR).build(false))
                .annotations(ToolAnnotations.builder()
                        .title(title)
                        .readOnlyHint(effect == Effect.READS)
                        .destructiveHint(effect == Effect.STOPS_WORK)
                        .idempotentHint(effect == Effect.READS)
                        .openWorldHint(false)
                        .build())
                .build();
    }
}
