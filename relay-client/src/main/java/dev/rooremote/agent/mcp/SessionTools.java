package dev.rooremote.agent.mcp;

import dev.rooremote.client.AskText;
import dev.rooremote.client.TranscriptMarkdown;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.RooJson;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tools that read: sessions, a session's history and settings, a task's transcript. */
final class SessionTools {

    private final Relay relay;

    SessionTools(Relay relay) {
        this.relay = relay;
    }

    CallToolResult listSessions() throws InterruptedException {
        relay.requireConnected();
        List<SessionInfo> sessions = relay.await(relay.client().sessions());
        Map<String, Object> out = new LinkedHashMap<>();
        ServerMessage.Welcome welcome = relay.client().welcome().orElse(null);
        out.put("user", welcome == null ? null : welcome.user());
        out.put(
                "role",
                welcome == null || welcome.role() == null
                        ? null
                        : welcome.role().wire());
        out.put("sessions", sessions.stream().map(Views::session).toList());
        StringBuilder text = new StringBuilder();
        text.append(sessions.isEmpty() ? "No sessions you may use." : sessions.size() + " session(s):");
        for (SessionInfo s : sessions) {
            text.append("\n- ")
                    .append(s.sessionId())
                    .append(" (")
                    .append(s.connection().wire());
            text.append(s.capabilities().approve() ? "; can approve" : "; cannot approve, can deny")
                    .append(')');
            if (s.task() != null) {
                text.append(": task ")
                        .append(s.task().taskId())
                        .append(' ')
                        .append(s.task().state().wire());
            } else {
                text.append(": no task");
            }
            if (s.pendingAsk() != null) {
                text.append("; waits on ").append(AskText.describe(s.pendingAsk()));
            }
        }
        return ToolResults.ok(out, text.toString());
    }

    CallToolResult listHistory(Arguments args) throws InterruptedException {
        String sessionId = args.required("session", "the session id (list_sessions)");
        long limit = args.integer("limit", 1, 500, 20);
        relay.requireConnected();
        List<TaskSummary> tasks = relay.await(relay.client().history(sessionId));
        List<TaskSummary> shown = tasks.subList(0, (int) Math.min(limit, tasks.size()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", sessionId);
        out.put("total", tasks.size());
        out.put("tasks", shown.stream().map(Views::task).toList());
        StringBuilder text = new StringBuilder(tasks.size() + " task(s) in " + sessionId + ", newest first:");
        for (TaskSummary t : shown) {
            String prompt = t.text() == null ? "" : t.text().strip().replaceAll("\\s+", " ");
            text.append("\n- ")
                    .append(t.taskId())
                    .append(' ')
                    .append(t.state().wire())
                    .append(String.format(Locale.ROOT, " $%.4f ", t.tokens().cost()))
                    .append(prompt.length() > 100 ? prompt.substring(0, 99) + "…" : prompt);
        }
        return ToolResults.ok(out, text.toString());
    }

    CallToolResult getSettings(Arguments args) throws InterruptedException {
        String sessionId = args.required("session", "the session id (list_sessions)");
        relay.requireConnected();
        AckResult.Settings settings = relay.await(relay.client().getSettings(sessionId));
        Map<String, Object> values = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(
                (settings.live() ? "Roo's live settings in " : "Stored settings of ") + sessionId + ":");
        settings.settings().forEach((key, value) -> {
            values.put(key, RooJson.mapper().convertValue(value, Object.class));
            text.append("\n").append(key).append('=').append(value.isTextual() ? value.asText() : RooJson.write(value));
        });
        for (String secret : settings.secrets()) {
            text.append("\n").append(secret).append("=(secret, set)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", settings.sessionId());
        out.put("settings", values);
        out.put("secrets", settings.secrets());
        out.put("source", settings.live() ? AckResult.Settings.FROM_ROO : AckResult.Settings.FROM_PROFILE);
        return ToolResults.ok(out, text.toString());
    }

    CallToolResult getTranscript(Arguments args) throws InterruptedException {
        String sessionId = args.required("session", "the session id (list_sessions)");
        String taskId = args.required("task_id", "the task (list_history)");
        String format = args.oneOf("format", ToolCatalog.TRANSCRIPT_FORMATS, "markdown");
        relay.requireConnected();
        AckResult.Transcript transcript = relay.await(relay.client().transcript(sessionId, taskId));
        if (format.equals("structured")) {
            Map<String, Object> out = TranscriptView.of(transcript);
            return ToolResults.ok(out, RooJson.write(out));
        }
        String markdown = TranscriptMarkdown.render(transcript.sessionId(), transcript.task(), transcript.messages());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", transcript.sessionId());
        out.put("format", "markdown");
        out.put("task", Views.task(transcript.task()));
        out.put("markdown", markdown);
        return ToolResults.ok(out, markdown);
    }
}
