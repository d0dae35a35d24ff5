package dev.rooremote.client;

import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.ToolAsk;
import java.util.List;

/** A pending ask in one line: the question with its suggestions, the tool and path, or the command. */
public final class AskText {

    private AskText() {}

    public static String describe(PendingAsk ask) {
        String text = ask.text() == null ? "" : ask.text();
        if (ask.isFollowup()) {
            FollowupQuestion q = FollowupQuestion.parse(text).orElse(new FollowupQuestion(text, List.of()));
            String suggestions = q.suggestions().isEmpty()
                    ? ""
                    : " ["
                            + String.join(
                                    " | ",
                                    q.suggestions().stream()
                                            .map(FollowupQuestion.Suggestion::answer)
                                            .toList())
                            + "]";
            return "followup: " + q.question() + suggestions;
        }
        if ("tool".equals(ask.ask())) {
            return ToolAsk.parse(text)
                    .map(t -> "tool: " + t.toolOpt().orElse("?")
                            + t.pathOpt().map(p -> " " + p).orElse(""))
                    .orElse("tool");
        }
        if ("command".equals(ask.ask())) {
            return "command: " + text.strip();
        }
        return ask.ask() + (text.isBlank() ? "" : ": " + text.strip());
    }
}
