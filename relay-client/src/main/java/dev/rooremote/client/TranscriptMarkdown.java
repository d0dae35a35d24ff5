package dev.rooremote.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.ToolAsk;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a task's transcript as Markdown for a reviewer: the prompt, every message in order, tool
 * uses with their paths and diffs, commands with their output, the result, and tokens and cost.
 */
public final class TranscriptMarkdown {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Markers of Roo's own bookkeeping, left out of a transcript for reviewers. */
    private static final Set<SayKind> QUIET = Set.of(SayKind.CHECKPOINT_SAVED, SayKind.API_REQ_RETRIED);

    private TranscriptMarkdown() {}

    public static String render(String sessionId, TaskSummary task, List<ClineMessage> messages) {
        StringBuilder out = new StringBuilder();
        out.append("# Roo task ").append(task.taskId()).append("\n\n");
        out.append("- Session: ").append(sessionId).append('\n');
        out.append("- State: ").append(task.state().wire()).append('\n');
        if (task.startedAt() > 0) {
            out.append("- Started: ").append(TIME.format(Instant.ofEpochMilli(task.startedAt())));
            out.append(", last update: ")
                    .append(TIME.format(Instant.ofEpochMilli(task.updatedAt())))
                    .append('\n');
        }
        if (task.parentTaskId() != null) {
            out.append("- Parent task: ").append(task.parentTaskId()).append('\n');
        }
        Tokens t = task.tokens();
        out.append("- Tokens: ")
                .append(String.format(Locale.ROOT, "%,d in, %,d out", t.in(), t.out()))
                .append(String.format(Locale.ROOT, " (cache: %,d written, %,d read)", t.cacheWrites(), t.cacheReads()))
                .append(String.format(Locale.ROOT, "; context %,d", t.contextTokens()))
                .append('\n');
        out.append("- Cost: ")
                .append(String.format(Locale.ROOT, "$%.4f", t.cost()))
                .append("\n\n");

        String prompt = task.text();
        int start = 0;
        if (!messages.isEmpty()
                && MessageKind.of(messages.get(0), true) == MessageKind.PROMPT
                && (prompt == null || prompt.equals(messages.get(0).text()))) {
            prompt = messages.get(0).text();
            start = 1;
        }
        out.append("## Prompt\n\n")
                .append(quote(prompt == null ? "(unknown)" : prompt))
                .append("\n\n");

        out.append("## Messages\n\n");
        String result = null;
        for (int i = start; i < messages.size(); i++) {
            ClineMessage m = messages.get(i);
            MessageKind kind = MessageKind.of(m, i == 0);
            if (kind == MessageKind.COMPLETION && m.isSay()) {
                result = m.text();
            }
            render(out, m, kind);
        }
        out.append("## Result\n\n");
        if (result == null || result.isBlank()) {
            out.append("_No completion result (state: ")
                    .append(task.state().wire())
                    .append(")._\n");
        } else {
            out.append(result.strip()).append('\n');
        }
        return out.toString();
    }

    private static void render(StringBuilder out, ClineMessage m, MessageKind kind) {
        String text = m.text() == null ? "" : m.text();
        String partial = m.isPartial() ? " _(unfinished)_" : "";
        if (m.reasoning() != null && !m.reasoning().isBlank()) {
            out.append("**Reasoning:**\n\n").append(quote(m.reasoning())).append("\n\n");
        }
        if (m.isAsk()) {
            renderAsk(out, m, kind, text, partial);
        } else if (m.say() != null) {
            renderSay(out, m, kind, text, partial);
        }
    }

    private static void renderSay(StringBuilder out, ClineMessage m, MessageKind kind, String text, String partial) {
        SayKind say = m.say();
        switch (kind) {
            case PROMPT:
            case ASSISTANT:
                if (!text.isBlank()) {
                    out.append("**Roo:**")
                            .append(partial)
                            .append("\n\n")
                            .append(text.strip())
                            .append("\n\n");
                }
                break;
            case REASONING:
                out.append("**Reasoning:**\n\n").append(quote(text)).append("\n\n");
                break;
            case COMPLETION:
                out.append("**Completion result:**")
                        .append(partial)
                        .append("\n\n")
                        .append(text.strip())
                        .append("\n\n");
                break;
            case USER:
                if (SayKind.USER_FEEDBACK_DIFF.equals(say)) {
                    out.append("**You edited the change:**\n\n")
                            .append(fence("diff", text))
                            .append('\n');
                } else {
                    out.append("**You:**\n\n").append(quote(text)).append("\n\n");
                }
                break;
            case COMMAND_OUTPUT:
                out.append("**Command output")
                        .append(exit(m))
                        .append(":**\n\n")
                        .append(fence("", text))
                        .append('\n');
                break;
            case ERROR:
                out.append("**Error (")
                        .append(say.value())
                        .append("):** ")
                        .append(text.strip())
                        .append("\n\n");
                break;
            case API_REQUEST:
                apiRequest(out, text);
                break;
            case TOOL:
                if (SayKind.TOOL.equals(say)) {
                    renderTool(out, "Tool", text, "");
                } else {
                    note(out, say, text);
                }
                break;
            case HIDDEN:
                break;
            default:
                note(out, say, text);
        }
    }

    /** Anything else Roo says: under its own name, but without the markers a reviewer has no use for. */
    private static void note(StringBuilder out, SayKind say, String text) {
        if (SayKind.SUBTASK_RESULT.equals(say)) {
            out.append("**Subtask result:**\n\n").append(quote(text)).append("\n\n");
        } else if (!QUIET.contains(say) && !text.isBlank()) {
            out.append("**")
                    .append(say.value())
                    .append(":** ")
                    .append(text.strip())
                    .append("\n\n");
        }
    }

    private static void renderAsk(StringBuilder out, ClineMessage m, MessageKind kind, String text, String partial) {
        String answered = Boolean.TRUE.equals(m.isAnswered()) ? " _(approved)_" : "";
        switch (kind) {
            case FOLLOWUP: {
                FollowupQuestion q = FollowupQuestion.parse(text).orElse(new FollowupQuestion(text, List.of()));
                out.append("**Roo asks:**")
                        .append(partial)
                        .append(' ')
                        .append(q.question().strip())
                        .append("\n\n");
                for (FollowupQuestion.Suggestion s : q.suggestions()) {
                    out.append("- suggestion: ").append(s.answer());
                    if (s.mode() != null) {
                        out.append(" (mode ").append(s.mode()).append(')');
                    }
                    out.append('\n');
                }
                if (!q.suggestions().isEmpty()) {
                    out.append('\n');
                }
                break;
            }
            case TOOL:
                if (AskKind.USE_MCP_SERVER.equals(m.ask())) {
                    out.append("**MCP request:**")
                            .append(answered)
                            .append("\n\n")
                            .append(fence("json", text))
                            .append('\n');
                } else {
                    renderTool(out, "Tool use", text, answered + partial);
                }
                break;
            case COMMAND:
                out.append("**Command:**")
                        .append(answered)
                        .append(partial)
                        .append("\n\n")
                        .append(fence("sh", text))
                        .append('\n');
                break;
            case COMMAND_OUTPUT:
                if (!text.isBlank()) {
                    out.append("**Command output")
                            .append(exit(m))
                            .append(":**\n\n")
                            .append(fence("", text))
                            .append('\n');
                } else if (m.exitStatus() != null) {
                    out.append("**Command ended:** ")
                            .append(m.exitStatus().describe())
                            .append("\n\n");
                }
                break;
            case COMPLETION:
            case HIDDEN:
                // The result is in the completion_result message Roo says before this ask.
                break;
            default:
                out.append("**Roo waits (")
                        .append(m.ask() == null ? "unknown" : m.ask().value())
                        .append(")**");
                if (!text.isBlank()) {
                    out.append(": ").append(text.strip());
                }
                out.append("\n\n");
        }
    }

    private static void renderTool(StringBuilder out, String label, String text, String suffix) {
        ToolAsk tool = ToolAsk.parse(text).orElse(null);
        if (tool == null) {
            out.append("**")
                    .append(label)
                    .append(":**")
                    .append(suffix)
                    .append(' ')
                    .append(text.strip())
                    .append("\n\n");
            return;
        }
        out.append("**")
                .append(label)
                .append(": ")
                .append(tool.toolOpt().orElse("tool"))
                .append("**");
        tool.pathOpt().ifPresent(p -> out.append(" `").append(p).append('`'));
        if (Boolean.TRUE.equals(tool.isOutsideWorkspace())) {
            out.append(" (outside the workspace)");
        }
        out.append(suffix).append("\n\n");
        tool.field("reason").filter(JsonNode::isTextual).ifPresent(r -> out.append(quote(r.asText()))
                .append("\n\n"));
        tool.diffText().ifPresent(d -> out.append(fence("diff", d)).append('\n'));
        if (tool.diffText().isEmpty()
                && tool.content() != null
                && !tool.content().isBlank()) {
            out.append(fence("", tool.content())).append('\n');
        }
    }

    private static void apiRequest(StringBuilder out, String text) {
        RooJson.parseObject(text)
                .filter(json -> json.has("tokensIn"))
                .ifPresent(json -> out.append(String.format(
                        Locale.ROOT,
                        "_API request: %,d tokens in, %,d out, cost $%.4f_%n%n",
                        json.path("tokensIn").asLong(),
                        json.path("tokensOut").asLong(),
                        json.path("cost").asDouble())));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.strip().split("\n", -1)) {
            out.append("> ").append(line).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** " (exit 2)" when the relay knows how the command ended, else nothing. */
    private static String exit(ClineMessage m) {
        return m.exitStatus() == null ? "" : " (" + m.exitStatus().describe() + ")";
    }

    private static String fence(String language, String text) {
        String body = text.endsWith("\n") ? text : text + "\n";
        String ticks = "```";
        while (body.contains(ticks)) {
            ticks += "`";
        }
        return ticks + language + "\n" + body + ticks + "\n";
    }
}
