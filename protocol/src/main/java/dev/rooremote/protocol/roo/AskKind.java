package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * The {@code ask} kind of a {@link ClineMessage}. String-backed rather than an enum so that kinds added by
 * newer Roo versions or forks pass through unchanged instead of failing the whole frame.
 */
public record AskKind(@JsonValue String value) {

    public static final AskKind FOLLOWUP = new AskKind("followup");
    public static final AskKind COMMAND = new AskKind("command");
    public static final AskKind COMMAND_OUTPUT = new AskKind("command_output");
    public static final AskKind COMPLETION_RESULT = new AskKind("completion_result");
    public static final AskKind TOOL = new AskKind("tool");
    public static final AskKind API_REQ_FAILED = new AskKind("api_req_failed");
    public static final AskKind RESUME_TASK = new AskKind("resume_task");
    public static final AskKind RESUME_COMPLETED_TASK = new AskKind("resume_completed_task");
    public static final AskKind MISTAKE_LIMIT_REACHED = new AskKind("mistake_limit_reached");
    public static final AskKind USE_MCP_SERVER = new AskKind("use_mcp_server");
    public static final AskKind AUTO_APPROVAL_MAX_REQ_REACHED = new AskKind("auto_approval_max_req_reached");

    public AskKind {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static AskKind of(String value) {
        return new AskKind(value);
    }

    public AskCategory category() {
        return AskCategory.of(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
