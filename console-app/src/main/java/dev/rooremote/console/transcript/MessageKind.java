package dev.rooremote.console.transcript;

import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.SayKind;
import java.util.Set;

/** How the transcript shows a {@link ClineMessage}. */
public enum MessageKind {
    /** The prompt a task started with (the task's first text message). */
    PROMPT,
    /** Assistant text, rendered as Markdown. */
    ASSISTANT,
    /** Model reasoning, collapsed by default. */
    REASONING,
    /** A tool use: tool, path and diff or content. */
    TOOL,
    /** A command Roo wants to run. */
    COMMAND,
    /** A command's output. */
    COMMAND_OUTPUT,
    /** An API request with tokens and cost. */
    API_REQUEST,
    /** Something failed. */
    ERROR,
    /** The task's result, set apart. */
    COMPLETION,
    /** A followup question with suggested answers. */
    FOLLOWUP,
    /** What a person typed into the task. */
    USER,
    /** The task was interrupted or finished and can be resumed. */
    RESUME,
    /** Anything else, shown as a small muted line. */
    INFO,
    /** Messages with nothing to show (empty completion ask, finished-request markers). */
    HIDDEN;

    private static final Set<SayKind> ERROR_SAYS = Set.of(
            SayKind.ERROR,
            SayKind.DIFF_ERROR,
            SayKind.ROOIGNORE_ERROR,
            SayKind.CONDENSE_CONTEXT_ERROR,
            SayKind.SHELL_INTEGRATION_WARNING,
            SayKind.TOO_MANY_TOOLS_WARNING);

    private static final Set<AskKind> ERROR_ASKS =
            Set.of(AskKind.API_REQ_FAILED, AskKind.MISTAKE_LIMIT_REACHED, AskKind.AUTO_APPROVAL_MAX_REQ_REACHED);

    /**
     * The kind of {@code message}; {@code first} is true for the first message of its task, whose
     * text is the prompt.
     */
    public static MessageKind of(ClineMessage message, boolean first) {
        if (message.isAsk()) {
            AskKind ask = message.ask();
            if (ask == null) {
                return INFO;
            }
            if (AskKind.TOOL.equals(ask) || AskKind.USE_MCP_SERVER.equals(ask)) {
                return TOOL;
            }
            if (AskKind.COMMAND.equals(ask)) {
                return COMMAND;
            }
            if (AskKind.COMMAND_OUTPUT.equals(ask)) {
                return COMMAND_OUTPUT;
            }
            if (AskKind.FOLLOWUP.equals(ask)) {
                return FOLLOWUP;
            }
            if (AskKind.COMPLETION_RESULT.equals(ask)) {
                return isBlank(message.text()) ? HIDDEN : COMPLETION;
            }
            if (AskKind.RESUME_TASK.equals(ask) || AskKind.RESUME_COMPLETED_TASK.equals(ask)) {
                return RESUME;
            }
            if (ERROR_ASKS.contains(ask)) {
                return ERROR;
            }
            return INFO;
        }
        SayKind say = message.say();
        if (say == null) {
            return INFO;
        }
        if (SayKind.TEXT.equals(say)) {
            return first ? PROMPT : ASSISTANT;
        }
        if (SayKind.REASONING.equals(say)) {
            return REASONING;
        }
        if (SayKind.API_REQ_STARTED.equals(say)) {
            return API_REQUEST;
        }
        if (SayKind.API_REQ_FINISHED.equals(say) || SayKind.API_REQ_DELETED.equals(say)) {
            return HIDDEN;
        }
        if (SayKind.COMPLETION_RESULT.equals(say)) {
            return COMPLETION;
        }
        if (SayKind.COMMAND_OUTPUT.equals(say)) {
            return COMMAND_OUTPUT;
        }
        if (SayKind.USER_FEEDBACK.equals(say) || SayKind.USER_FEEDBACK_DIFF.equals(say)) {
            return USER;
        }
        if (SayKind.TOOL.equals(say) || SayKind.MCP_SERVER_REQUEST_STARTED.equals(say)) {
            return TOOL;
        }
        if (ERROR_SAYS.contains(say)) {
            return ERROR;
        }
        return INFO;
    }

    /** A short label for the message's header. */
    public String label() {
        switch (this) {
            case PROMPT:
                return "Task";
            case ASSISTANT:
                return "Roo";
            case REASONING:
                return "Reasoning";
            case TOOL:
                return "Tool";
            case COMMAND:
                return "Command";
            case COMMAND_OUTPUT:
                return "Output";
            case API_REQUEST:
                return "API request";
            case ERROR:
                return "Error";
            case COMPLETION:
                return "Result";
            case FOLLOWUP:
                return "Question";
            case USER:
                return "You";
            case RESUME:
                return "Interrupted";
            default:
                return "Info";
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
