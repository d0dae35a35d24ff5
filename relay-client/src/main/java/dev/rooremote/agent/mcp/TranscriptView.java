package dev.rooremote.agent.mcp;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.protocol.roo.ToolAsk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A transcript as fields for a reviewer: every message with its kind, the tool calls with their
 * paths and diffs, the commands with their output, Roo's result, and the task's tokens and cost.
 */
final class TranscriptView {

    private TranscriptView() {}

    static Map<String, Object> of(AckResult.Transcript transcript) {
        List<Map<String, Object>> messages = new ArrayList<>();
        List<Map<String, Object>> toolCalls = new ArrayList<>();
        List<Map<String, Object>> commands = new ArrayList<>();
        String result = null;
        Map<String, Object> lastCommand = null;
        List<ClineMessage> all = transcript.messages();
        for (int i = 0; i < all.size(); i++) {
            ClineMessage m = all.get(i);
            MessageKind kind = MessageKind.of(m, i == 0);
            String text = m.text() == null ? "" : m.text();
            switch (kind) {
                case HIDDEN, API_REQUEST -> {
                    continue;
                }
                case TOOL -> toolCalls.add(toolCall(m, text));
                case COMMAND -> {
                    lastCommand = new LinkedHashMap<>();
                    lastCommand.put("ts", m.ts());
                    lastCommand.put("command", text.strip());
                    lastCommand.put("approved", Boolean.TRUE.equals(m.isAnswered()));
                    lastCommand.put("output", "");
                    commands.add(lastCommand);
                }
                case COMMAND_OUTPUT -> {
                    if (lastCommand != null && !text.isBlank()) {
                        lastCommand.put("output", lastCommand.get("output") + text);
                    }
                    if (lastCommand != null && m.exitStatus() != null) {
                        lastCommand.put("exit_status", m.exitStatus().describe());
                    }
                }
                case COMPLETION -> {
                    if (m.isSay() && !text.isBlank()) {
                        result = text.strip();
                    }
                }
                default -> {}
            }
            if (kind != MessageKind.COMMAND_OUTPUT && kind != MessageKind.TOOL) {
                messages.add(message(m, kind, text));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", transcript.sessionId());
        out.put("format", "structured");
        out.put("task", Views.task(transcript.task()));
        out.put("messages", messages);
        out.put("tool_calls", toolCalls);
        out.put("commands", commands);
        out.put("result", result);
        return out;
    }

    private static Map<String, Object> message(ClineMessage m, MessageKind kind, String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", m.ts());
        out.put("time", Instant.ofEpochMilli(m.ts()).toString());
        out.put("kind", kind.name().toLowerCase(Locale.ROOT));
        if (kind == MessageKind.FOLLOWUP) {
            Views.question(out, "text", text);
        } else {
            out.put("text", text);
        }
        if (m.isPartial()) {
            out.put("unfinished", true);
        }
        return out;
    }

    private static Map<String, Object> toolCall(ClineMessage m, String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", m.ts());
        ToolAsk tool = ToolAsk.parse(text).orElse(null);
        if (tool == null) {
            out.put("tool", m.isAsk() ? m.ask().value() : m.say().value());
            out.put("text", text);
            return out;
        }
        out.put("tool", tool.tool());
        out.put("path", tool.path());
        tool.diffText().ifPresent(d -> out.put("diff", d));
        if (tool.diffText().isEmpty() && tool.content() != null) {
            out.put("content", tool.content());
        }
        if (Boolean.TRUE.equals(tool.isOutsideWorkspace())) {
            out.put("outside_workspace", true);
        }
        out.put("approved", m.isAsk() ? Boolean.TRUE.equals(m.isAnswered()) : null);
        return out;
    }
}
