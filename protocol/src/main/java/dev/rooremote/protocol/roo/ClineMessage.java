package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat message of a Roo task (Roo's {@code clineMessageSchema}). {@code ts} identifies the message within
 * its task: streaming sends the same {@code ts} again with the whole text so far. Every field but {@code ts}
 * and {@code type} is optional; fields this version does not know are kept in {@link #extra()}.
 *
 * <p>{@code exitStatus} is the relay's, not Roo's: how the command whose output this message shows ended,
 * when the session's bridge reported it.
 */
@JsonPropertyOrder({
    "ts",
    "type",
    "ask",
    "say",
    "text",
    "images",
    "partial",
    "reasoning",
    "conversationHistoryIndex",
    "checkpoint",
    "progressStatus",
    "contextCondense",
    "contextTruncation",
    "isProtected",
    "apiProtocol",
    "isAnswered",
    "metadata",
    "exitStatus"
})
public record ClineMessage(
        @JsonProperty("ts") long ts,
        @JsonProperty("type") String type,
        @JsonProperty("ask") AskKind ask,
        @JsonProperty("say") SayKind say,
        @JsonProperty("text") String text,
        @JsonProperty("images") List<String> images,
        @JsonProperty("partial") Boolean partial,
        @JsonProperty("reasoning") String reasoning,
        @JsonProperty("conversationHistoryIndex") Integer conversationHistoryIndex,
        @JsonProperty("checkpoint") JsonNode checkpoint,
        @JsonProperty("progressStatus") JsonNode progressStatus,
        @JsonProperty("contextCondense") JsonNode contextCondense,
        @JsonProperty("contextTruncation") JsonNode contextTruncation,
        @JsonProperty("isProtected") Boolean isProtected,
        @JsonProperty("apiProtocol") String apiProtocol,
        @JsonProperty("isAnswered") Boolean isAnswered,
        @JsonProperty("metadata") JsonNode metadata,
        @JsonProperty("exitStatus") ExitStatus exitStatus,
        @JsonAnySetter Map<String, JsonNode> extra) {

    public static final String TYPE_ASK = "ask";
    public static final String TYPE_SAY = "say";

    public ClineMessage {
        Objects.requireNonNull(type, "type");
        images = Extras.copyOrNull(images);
        extra = Extras.copy(extra);
    }

    /** An ask message with the given kind and text. */
    public static ClineMessage ask(long ts, AskKind kind, String text, Boolean partial) {
        return new ClineMessage(
                ts, TYPE_ASK, kind, null, text, null, partial, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** A say message with the given kind and text. */
    public static ClineMessage say(long ts, SayKind kind, String text, Boolean partial) {
        return new ClineMessage(
                ts, TYPE_SAY, null, kind, text, null, partial, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    @JsonAnyGetter
    @Override
    public Map<String, JsonNode> extra() {
        return extra;
    }

    public boolean isAsk() {
        return TYPE_ASK.equals(type);
    }

    public boolean isSay() {
        return TYPE_SAY.equals(type);
    }

    /** True while Roo is still streaming this message. */
    public boolean isPartial() {
        return Boolean.TRUE.equals(partial);
    }

    public Optional<String> textOpt() {
        return Optional.ofNullable(text);
    }

    /** The category of this message's ask; {@link AskCategory#UNKNOWN} for say messages. */
    public AskCategory askCategory() {
        return isAsk() ? AskCategory.of(ask) : AskCategory.UNKNOWN;
    }

    /** A copy with another text and partial flag, as a streaming update would carry. */
    public ClineMessage withText(String newText, Boolean newPartial) {
        return copy(newText, newPartial, reasoning, exitStatus);
    }

    /** A copy with {@code status} as its exit status, everything else unchanged. */
    public ClineMessage withExitStatus(ExitStatus status) {
        return copy(text, partial, reasoning, status);
    }

    /** A copy with another text and reasoning (null removes them), everything else unchanged. */
    public ClineMessage withTexts(String newText, String newReasoning) {
        return copy(newText, partial, newReasoning, exitStatus);
    }

    private ClineMessage copy(String newText, Boolean newPartial, String newReasoning, ExitStatus newExitStatus) {
        return new ClineMessage(
                ts,
                type,
                ask,
                say,
                newText,
                images,
                newPartial,
                newReasoning,
                conversationHistoryIndex,
                checkpoint,
                progressStatus,
                contextCondense,
                contextTruncation,
                isProtected,
                apiProtocol,
                isAnswered,
                metadata,
                newExitStatus,
                extra);
    }
}
