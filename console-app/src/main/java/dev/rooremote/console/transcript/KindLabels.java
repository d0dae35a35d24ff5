package dev.rooremote.console.transcript;

import dev.rooremote.protocol.roo.MessageKind;
import java.util.Locale;

/** How the transcript marks each {@link MessageKind}: the label in a message's header and its style class. */
final class KindLabels {

    private KindLabels() {}

    static String label(MessageKind kind) {
        switch (kind) {
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
            case WARNING:
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

    /** {@code message-error} and the like; warnings look like errors. */
    static String styleClass(MessageKind kind) {
        MessageKind look = kind == MessageKind.WARNING ? MessageKind.ERROR : kind;
        return "message-" + look.name().toLowerCase(Locale.ROOT);
    }
}
