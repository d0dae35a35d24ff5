package dev.rooremote.console.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.RooJson;
import java.util.Optional;

/**
 * Reads the JSON that Roo puts into the text of {@code api_req_started} messages (followups and tool
 * asks are read by protocol's {@code FollowupQuestion} and {@code ToolAsk}). Text that is not the
 * expected JSON gives an empty result, never an exception: the transcript then shows the raw text.
 */
public final class RooText {

    private RooText() {}

    /** An API request's usage, once Roo has filled it in. */
    public record ApiRequest(
            Long tokensIn, Long tokensOut, Long cacheWrites, Long cacheReads, Double cost, String cancelReason) {
        public boolean finished() {
            return tokensIn != null || tokensOut != null || cost != null;
        }
    }

    public static Optional<ApiRequest> apiRequest(String text) {
        return RooJson.parseObject(text)
                .map(node -> new ApiRequest(
                        num(node, "tokensIn"),
                        num(node, "tokensOut"),
                        num(node, "cacheWrites"),
                        num(node, "cacheReads"),
                        node.path("cost").isNumber() ? node.get("cost").asDouble() : null,
                        str(node, "cancelReason")));
    }

    /** "1,234 in · 56 out · $0.0123" style summary of an API request. */
    public static String describe(ApiRequest request) {
        if (!request.finished()) {
            return request.cancelReason() != null ? cancelled(request.cancelReason()) : "in progress…";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,d in · %,d out", orZero(request.tokensIn()), orZero(request.tokensOut())));
        if (request.cacheReads() != null && request.cacheReads() > 0) {
            sb.append(String.format(" · %,d cached", request.cacheReads()));
        }
        if (request.cost() != null) {
            sb.append(String.format(" · $%.4f", request.cost()));
        }
        return sb.toString();
    }

    private static String cancelled(String reason) {
        return switch (reason) {
            case "user_cancelled" -> "cancelled";
            case "streaming_failed" -> "failed while the reply streamed";
            default -> "stopped (" + reason + ")";
        };
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static String str(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Long num(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? v.asLong() : null;
    }
}
