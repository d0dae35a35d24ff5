package dev.rooremote.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.ToolAsk;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders a task's transcript as Markdown for a reviewer: the prompt, every message in order, tool
 * uses with their paths and diffs, commands with their output, the result, and tokens and cost.
 */
public final class TranscriptMarkdown {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

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
                && SayKind.TEXT.equals(messages.get(0).say())
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
            if (m.isSay() && SayKind.COMPLETION_RESULT.equals(m.say())) {
                result = m.text();
            }
            render(out, m);
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

    private static void render(StringBuilder out, ClineMessage m) {
        String text = m.text() == null ? "" : m.text();
        String partial = m.isPartial() ? " _(unfinished)_" : "";
        if (m.reasoning() != null && !m.reasoning().isBlank()) {
            out.append("**Reasoning:**\n\n").append(quote(m.reasoning())).append("\n\n");
        }
        if (m.isAsk()) {
            renderAsk(out, m, text, partial);
            return;
        }
        SayKind say = m.say();
        if (say == null) {
            return;
        }
        switch (say.value()) {
            case "text":
                if (!text.isBlank()) {
                    out.append("**Roo:**")
                            .append(partial)
                            .append("\n\n")
                            .append(text.strip())
                            .append("\n\n");
                }
                break;
            case "reasoning":
                out.append("**Reasoning:**\n\n").append(quote(text)).append("\n\n");
                break;
            case "completion_result":
                out.append("**Completion result:**")
                        .append(partial)
                        .append("\n\n")
                        .append(text.strip())
                        .append("\n\n");
                break;
            case "user_feedback":
                out.append("**User:**\n\n").append(quote(text)).append("\n\n");
                break;
            case "user_feedback_diff":
                out.append("**User edited the change:**\n\n")
                        .append(fence("diff", text))
                        .append('\n');
                break;
            case "command_output":
                out.append("**Command output:**\n\n").append(fence("", text)).append('\n');
                break;
            case "error":
            case "diff_error":
            case "rooignore_error":
            case "condense_context_error":
                out.append("**Error (")
                        .append(say.value())
                        .append("):** ")
                        .append(text.strip())
                        .append("\n\n");
                break;
            case "api_req_started":
                apiRequest(out, text);
                break;
            case "tool":
                renderTool(out, "Tool", text, "");
                break;
            case "subtask_result":
                out.append("**Subtask result:**\n\n").append(quote(text)).append("\n\n");
                break;
            case "checkpoint_saved":
            case "api_req_finished":
            case "api_req_retried":
            case "api_req_deleted":
                break;
            default:
                if (!text.isBlank()) {
                    out.append("**")
                            .append(say.value())
                            .append(":** ")
                            .append(text.strip())
                            .append("\n\n");
                }
        }
    }

    private static void renderAsk(StringBuilder out, ClineMessage m, String text, String partial) {
        AskKind ask = m.ask();
        String kind = ask == null ? "unknown" : ask.value();
        String answered = Boolean.TRUE.equals(m.isAnswered()) ? " _(approved)_" : "";
        switch (kind) {
            case "followup": {
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
            case "tool":
                renderTool(out, "Tool use", text, answered + partial);
                break;
            case "command":
                out.append("**Command:**")
                        .append(answered)
                        .append(partial)
                        .append("\n\n")
                        .append(fence("sh", text))
                        .append('\n');
                break;
            case "command_output":
                if (!text.isBlank()) {
                    out.append("**Command output:**\n\n")
                            .append(fence("", text))
                            .append('\n');
                }
                break;
            case "use_mcp_server":
                out.append("**MCP request:**")
                        .append(answered)
                        .append("\n\n")
                        .append(fence("json", text))
                        .append('\n');
                break;
            case "completion_result":
                break;
            default:
                out.append("**Roo waits (").append(kind).append(")**");
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
        JsonNode json;
        try {
            json = RooJson.parse(text);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!json.has("tokensIn")) {
            return;
        }
        out.append(String.format(
                Locale.ROOT,
                "_API request: %,d tokens in, %,d out, cost $%.4f_%n%n",
                json.path("tokensIn").asLong(),
                json.path("tokensOut").asLong(),
                json.path("cost").asDouble()));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.strip().split("\n", -1)) {
            out.append("> ").append(line).append('\n');
        }
        return out.toString().stripTrailing();
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
