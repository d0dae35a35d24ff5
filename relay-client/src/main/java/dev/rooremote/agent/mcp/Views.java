package dev.rooremote.agent.mcp;

import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.ToolAsk;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The relay's records as the structured content of tool results: JSON objects with snake_case fields. */
final class Views {

    private Views() {}

    static Map<String, Object> session(SessionInfo s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", s.sessionId());
        out.put("name", s.name());
        out.put("connection", s.connection().wire());
        out.put("endpoint", s.endpoint().wire());
        out.put("can", capabilities(s.capabilities()));
        out.put("task", s.task() == null ? null : task(s.task()));
        out.put("pending_ask", s.pendingAsk() == null ? null : ask(s.pendingAsk()));
        return out;
    }

    static Map<String, Object> capabilities(Capabilities c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approve", c.approve());
        out.put("deny", c.deny());
        out.put("read_live_settings", c.readSettings());
        return out;
    }

    static Map<String, Object> task(TaskSummary t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_id", t.taskId());
        out.put("state", t.state().wire());
        out.put("prompt", t.text());
        out.put("started_at", time(t.startedAt()));
        out.put("updated_at", time(t.updatedAt()));
        if (t.parentTaskId() != null) {
            out.put("parent_task_id", t.parentTaskId());
        }
        out.put("tokens", tokens(t.tokens()));
        out.put("cost_usd", t.tokens().cost());
        return out;
    }

    static Map<String, Object> tokens(Tokens t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("in", t.in());
        out.put("out", t.out());
        out.put("cache_writes", t.cacheWrites());
        out.put("cache_reads", t.cacheReads());
        out.put("context", t.contextTokens());
        return out;
    }

    /** An ask with what it asks in readable fields, and the tools that answer it. */
    static Map<String, Object> ask(PendingAsk a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_id", a.taskId());
        out.put("ts", a.ts());
        out.put("kind", a.ask());
        out.put("category", a.category().wire());
        String text = a.text() == null ? "" : a.text();
        if (a.isFollowup()) {
            question(out, "question", text);
        } else if ("tool".equals(a.ask())) {
            ToolAsk.parse(text).ifPresent(t -> {
                out.put("tool", t.tool());
                out.put("path", t.path());
                t.diffText().ifPresent(d -> out.put("diff", d));
            });
        } else if ("command".equals(a.ask())) {
            out.put("command", text.strip());
        } else if (!text.isBlank()) {
            out.put("text", text.strip());
        }
        out.put("answer_with", answerWith(a));
        return out;
    }

    /** A followup's question under {@code field}, and its suggested answers. */
    static void question(Map<String, Object> out, String field, String text) {
        FollowupQuestion q = FollowupQuestion.parse(text).orElse(new FollowupQuestion(text, List.of()));
        out.put(field, q.question());
        out.put(
                "suggestions",
                q.suggestions().stream()
                        .map(FollowupQuestion.Suggestion::answer)
                        .toList());
    }

    /** The tools that answer an ask of this kind. */
    static List<String> answerWith(PendingAsk a) {
        if (a.isFollowup()) {
            return List.of("answer_followup");
        }
        if (a.isApproval()) {
            return List.of("approve_ask", "deny_ask");
        }
        if (a.category() == PendingAsk.Category.IDLE || a.category() == PendingAsk.Category.RESUMABLE) {
            return List.of("answer_followup", "start_task");
        }
        return List.of();
    }

    private static String time(long epochMillis) {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
