package dev.rooremote.console.session;

import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.ToolAsk;

/** A pending ask in words for people: "Roo wants to create greeting.txt", never a tool's protocol name. */
final class AskWords {

    private AskWords() {}

    static String describe(PendingAsk ask) {
        if (ask.isFollowup()) {
            return FollowupQuestion.parse(ask.text())
                    .map(FollowupQuestion::question)
                    .orElse("Roo asks a question.");
        }
        if ("command".equals(ask.ask())) {
            return "Roo wants to run: " + (ask.text() == null || ask.text().isBlank() ? "a command" : ask.text());
        }
        if ("tool".equals(ask.ask())) {
            return "Roo wants to "
                    + ToolAsk.parse(ask.text()).map(ToolAsk::action).orElse("use a tool") + ".";
        }
        if ("use_mcp_server".equals(ask.ask())) {
            return RooJson.parseObject(ask.text())
                    .map(json -> "Roo wants to use " + json.path("toolName").asText("a tool") + " of the MCP server "
                            + json.path("serverName").asText("it names") + ".")
                    .orElse("Roo wants to use an MCP server.");
        }
        if (ask.category() == PendingAsk.Category.RESUMABLE) {
            return "The task was interrupted. Resume it (your prompt text, if any, goes with it).";
        }
        return "Roo is waiting for you.";
    }
}
