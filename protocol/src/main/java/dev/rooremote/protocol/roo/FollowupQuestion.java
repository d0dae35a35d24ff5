package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of a {@code followup} ask. Roo streams the plain question first and only the final update carries
 * JSON {@code {"question":..., "suggest":[{"answer":..., "mode":...}]}}; both forms are read here.
 */
public record FollowupQuestion(String question, List<Suggestion> suggestions) {

    public FollowupQuestion {
        question = question == null ? "" : question;
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
    }

    /** A suggested answer; {@code mode} (nullable) is the mode Roo switches to when it is picked. */
    public record Suggestion(String answer, String mode) {
        public Suggestion {
            Objects.requireNonNull(answer, "answer");
        }

        public Optional<String> modeOpt() {
            return Optional.ofNullable(mode);
        }
    }

    /**
     * Reads a followup text: JSON with missing fields, suggestions given as plain strings, or plain text (taken
     * as the question). Empty for null or blank text.
     */
    public static Optional<FollowupQuestion> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        JsonNode json = RooJson.parseObject(text).orElse(null);
        if (json == null) {
            return Optional.of(new FollowupQuestion(text, List.of()));
        }
        JsonNode q = json.get("question");
        String question = q != null && q.isTextual() ? q.textValue() : "";
        List<Suggestion> suggestions = new ArrayList<>();
        JsonNode suggest = json.get("suggest");
        if (suggest != null && suggest.isArray()) {
            for (JsonNode s : suggest) {
                if (s.isTextual()) {
                    suggestions.add(new Suggestion(s.textValue(), null));
                } else if (s.isObject() && s.path("answer").isTextual()) {
                    JsonNode mode = s.get("mode");
                    suggestions.add(new Suggestion(
                            s.get("answer").textValue(), mode != null && mode.isTextual() ? mode.textValue() : null));
                }
            }
        }
        return Optional.of(new FollowupQuestion(question, suggestions));
    }
}
