package dev.rooremote.protocol.relay;

import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.ToolAsk;
import java.util.List;

/**
 * A pending ask in words for people, never a tool's or an ask's protocol name: as a sentence ("Roo
 * wants to create greeting.txt.") and as what Roo waits for ("approval to create greeting.txt").
 */
public final class AskWords {

    private AskWords() {}

    /** The ask as a sentence: "Roo wants to create greeting.txt.", or Roo's question. */
    public static String describe(PendingAsk ask) {
        if (ask.isFollowup()) {
            return FollowupQuestion.parse(ask.text())
                    .map(FollowupQuestion::question)
                    .orElse("Roo asks a question.");
        }
        if ("command".equals(ask.ask())) {
            return "Roo wants to run: " + (ask.text() == null || ask.text().isBlank() ? "a command" : ask.text());
        }
        if ("tool".equals(ask.ask())) {
            return "Roo wants to " + toolAction(ask) + ".";
        }
        if ("use_mcp_server".equals(ask.ask())) {
            return "Roo wants to " + mcpAction(ask) + ".";
        }
        if (ask.category() == PendingAsk.Category.RESUMABLE) {
            return "The task was interrupted. Resume it (your prompt text, if any, goes with it).";
        }
        return "Roo is waiting for you.";
    }

    /**
     * What Roo waits for, to follow "waiting for: ": "approval to create greeting.txt", "approval to run
     * npm test", "an answer to: Which port? (suggested: 8080 | 9090)", "a message that continues the task".
     */
    public static String awaited(PendingAsk ask) {
        if (ask.isFollowup()) {
            String text = ask.text() == null ? "" : ask.text();
            FollowupQuestion q = FollowupQuestion.parse(text).orElse(new FollowupQuestion(text, List.of()));
            List<String> answers = q.suggestions().stream()
                    .map(FollowupQuestion.Suggestion::answer)
                    .toList();
            return "an answer to: " + q.question().strip()
                    + (answers.isEmpty() ? "" : " (suggested: " + String.join(" | ", answers) + ")");
        }
        if ("command".equals(ask.ask())) {
            return "approval to run "
                    + (ask.text() == null || ask.text().isBlank()
                            ? "a command"
                            : ask.text().strip());
        }
        if ("tool".equals(ask.ask())) {
            return "approval to " + toolAction(ask);
        }
        if ("use_mcp_server".equals(ask.ask())) {
            return "approval to " + mcpAction(ask);
        }
        if (ask.category() == PendingAsk.Category.RESUMABLE) {
            return "a resume (the task was interrupted)";
        }
        if ("completion_result".equals(ask.ask())) {
            return "nothing: Roo finished (a message continues the task)";
        }
        if (ask.category() == PendingAsk.Category.IDLE) {
            return "a message that continues the task (Roo stopped"
                    + ("api_req_failed".equals(ask.ask()) ? ": its API request failed)" : ")");
        }
        return "you";
    }

    private static String toolAction(PendingAsk ask) {
        return ToolAsk.parse(ask.text()).map(ToolAsk::action).orElse("use a tool");
    }

    private static String mcpAction(PendingAsk ask) {
        return RooJson.parseObject(ask.text())
                .map(json -> "use " + json.path("toolName").asText("a tool") + " of the MCP server "
                        + json.path("serverName").asText("it names"))
                .orElse("use an MCP server");
    }
}
