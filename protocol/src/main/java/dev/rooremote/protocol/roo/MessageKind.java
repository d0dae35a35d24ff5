package dev.rooremote.protocol.roo;

import java.util.Map;

/**
 * What a {@link ClineMessage} is to someone reading a task's transcript. The console's transcript and
 * roo-agent's Markdown transcript both classify with it; each decides how it shows a kind.
 */
public enum MessageKind {
    /** The prompt a task started with (the task's first text message). */
    PROMPT,
    /** Assistant text, in Markdown. */
    ASSISTANT,
    /** Model reasoning. */
    REASONING,
    /** A tool use (asked for, or reported): tool, path and diff or content; also an MCP server's use. */
    TOOL,
    /** A command Roo wants to run. */
    COMMAND,
    /** A command's output. */
    COMMAND_OUTPUT,
    /** An API request with tokens and cost. */
    API_REQUEST,
    /** Something failed: an error Roo reports, or an ask after a failure or a reached limit. */
    ERROR,
    /** A warning Roo reports (shell integration, too many tools). */
    WARNING,
    /** The task's result. */
    COMPLETION,
    /** A followup question with suggested answers. */
    FOLLOWUP,
    /** What a person told Roo during the task (feedback, or their edit of a proposed change). */
    USER,
    /** The task was interrupted or finished and can be resumed. */
    RESUME,
    /** Anything else. */
    INFO,
    /** Nothing to show: an empty completion ask, the markers of finished or deleted requests. */
    HIDDEN;

    private static final Map<AskKind, MessageKind> ASKS = Map.ofEntries(
            Map.entry(AskKind.TOOL, TOOL),
            Map.entry(AskKind.USE_MCP_SERVER, TOOL),
            Map.entry(AskKind.COMMAND, COMMAND),
            Map.entry(AskKind.COMMAND_OUTPUT, COMMAND_OUTPUT),
            Map.entry(AskKind.FOLLOWUP, FOLLOWUP),
            Map.entry(AskKind.COMPLETION_RESULT, COMPLETION),
            Map.entry(AskKind.RESUME_TASK, RESUME),
            Map.entry(AskKind.RESUME_COMPLETED_TASK, RESUME),
            Map.entry(AskKind.API_REQ_FAILED, ERROR),
            Map.entry(AskKind.MISTAKE_LIMIT_REACHED, ERROR),
            Map.entry(AskKind.AUTO_APPROVAL_MAX_REQ_REACHED, ERROR));

    private static final Map<SayKind, MessageKind> SAYS = Map.ofEntries(
            Map.entry(SayKind.TEXT, ASSISTANT),
            Map.entry(SayKind.REASONING, REASONING),
            Map.entry(SayKind.API_REQ_STARTED, API_REQUEST),
            Map.entry(SayKind.API_REQ_FINISHED, HIDDEN),
            Map.entry(SayKind.API_REQ_DELETED, HIDDEN),
            Map.entry(SayKind.COMPLETION_RESULT, COMPLETION),
            Map.entry(SayKind.COMMAND_OUTPUT, COMMAND_OUTPUT),
            Map.entry(SayKind.USER_FEEDBACK, USER),
            Map.entry(SayKind.USER_FEEDBACK_DIFF, USER),
            Map.entry(SayKind.TOOL, TOOL),
            Map.entry(SayKind.MCP_SERVER_REQUEST_STARTED, TOOL),
            Map.entry(SayKind.ERROR, ERROR),
            Map.entry(SayKind.DIFF_ERROR, ERROR),
            Map.entry(SayKind.ROOIGNORE_ERROR, ERROR),
            Map.entry(SayKind.CONDENSE_CONTEXT_ERROR, ERROR),
            Map.entry(SayKind.SHELL_INTEGRATION_WARNING, WARNING),
            Map.entry(SayKind.TOO_MANY_TOOLS_WARNING, WARNING));

    /**
     * The kind of {@code message}; {@code first} is true for the first message of its task, whose
     * text is the prompt.
     */
    public static MessageKind of(ClineMessage message, boolean first) {
        MessageKind kind = message.isAsk() ? lookUp(ASKS, message.ask()) : lookUp(SAYS, message.say());
        if (kind == ASSISTANT && first) {
            return PROMPT;
        }
        if (kind == COMPLETION
                && message.isAsk()
                && (message.text() == null || message.text().isBlank())) {
            return HIDDEN;
        }
        return kind;
    }

    private static <K> MessageKind lookUp(Map<K, MessageKind> kinds, K key) {
        return key == null ? INFO : kinds.getOrDefault(key, INFO);
    }
}
