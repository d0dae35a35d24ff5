package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * An ask of Roo's that waits for a person. Requests that answer it name it by task id and
 * {@code ts}, so an answer never lands on an ask the client did not see.
 *
 * @param ask Roo's ask kind ({@code followup}, {@code tool}, {@code command}, {@code completion_result}, ...)
 * @param category how the ask can be answered
 * @param text the ask's text as Roo last sent it (JSON for followups and tool asks)
 */
public record PendingAsk(String taskId, long ts, String ask, Category category, String text) {

    public PendingAsk {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(category, "category");
    }

    /** The answerability classes of Roo's asks. */
    public enum Category {
        /** followup, tool, command, use_mcp_server: Roo waits for a person. */
        INTERACTIVE,
        /** completion_result, api_req_failed, ...: Roo stopped; a message continues the task. */
        IDLE,
        /** resume_task: a message resumes the task. */
        RESUMABLE,
        /** command_output: Roo goes on regardless. */
        NON_BLOCKING,
        UNKNOWN;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Category fromWire(String value) {
            for (Category category : values()) {
                if (category.wire().equals(value)) {
                    return category;
                }
            }
            return UNKNOWN;
        }
    }

    /** True for a followup question, whose answer is the typed text. */
    @JsonIgnore
    public boolean isFollowup() {
        return "followup".equals(ask);
    }

    /** True for a tool, command or MCP approval, which a typed message would reject. */
    @JsonIgnore
    public boolean isApproval() {
        return "tool".equals(ask) || "command".equals(ask) || "use_mcp_server".equals(ask);
    }
}
