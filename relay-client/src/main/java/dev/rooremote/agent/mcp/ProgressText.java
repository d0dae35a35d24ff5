package dev.rooremote.agent.mcp;

import dev.rooremote.client.AskText;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.protocol.roo.ToolAsk;
import java.util.List;

/** What a task's events say as progress messages: its state changes, asks, and each finished message. */
final class ProgressText {

    private static final int MAX_CHARS = 200;

    private ProgressText() {}

    /** A line about {@code event} for someone waiting on the task, or null when it is not worth one. */
    static String of(WatchedSession session, SessionEvent event) {
        if (event instanceof SessionEvent.TaskStateChanged s) {
            return "task " + s.taskId() + " is " + s.state().wire();
        }
        if (event instanceof SessionEvent.AskPending p) {
            return "Roo waits: " + oneLine(AskText.describe(p.ask()));
        }
        if (event instanceof SessionEvent.Message m && !m.message().isPartial()) {
            ClineMessage message =
                    session.read(s -> s.message(m.taskId(), m.message().ts())).orElse(null);
            return message == null ? null : message(session, m.taskId(), message);
        }
        return null;
    }

    private static String message(WatchedSession session, String taskId, ClineMessage m) {
        List<ClineMessage> transcript = session.transcript(taskId).orElse(List.of());
        boolean first = !transcript.isEmpty() && transcript.get(0).ts() == m.ts();
        String text = m.text() == null ? "" : m.text();
        return switch (MessageKind.of(m, first)) {
            case ASSISTANT -> text.isBlank() ? null : "Roo: " + oneLine(text);
            case TOOL ->
                ToolAsk.parse(text)
                        .map(t -> "tool: " + t.toolOpt().orElse("?")
                                + t.pathOpt().map(p -> " " + p).orElse(""))
                        .orElse(null);
            case COMMAND -> m.isAsk() && !text.isBlank() ? "command: " + oneLine(text) : null;
            case COMPLETION -> m.isSay() && !text.isBlank() ? "result: " + oneLine(text) : null;
            case ERROR ->
                "error: " + oneLine(text.isBlank() && m.ask() != null ? m.ask().value() : text);
            case USER -> "user: " + oneLine(text);
            default -> null;
        };
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 1) + "…";
    }
}
