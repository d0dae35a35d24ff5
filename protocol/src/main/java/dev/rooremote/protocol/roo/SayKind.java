package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** The {@code say} kind of a {@link ClineMessage}; string-backed so unknown kinds pass through. */
public record SayKind(@JsonValue String value) {

    public static final SayKind ERROR = new SayKind("error");
    public static final SayKind API_REQ_STARTED = new SayKind("api_req_started");
    public static final SayKind API_REQ_FINISHED = new SayKind("api_req_finished");
    public static final SayKind API_REQ_RETRIED = new SayKind("api_req_retried");
    public static final SayKind API_REQ_RETRY_DELAYED = new SayKind("api_req_retry_delayed");
    public static final SayKind API_REQ_RATE_LIMIT_WAIT = new SayKind("api_req_rate_limit_wait");
    public static final SayKind API_REQ_DELETED = new SayKind("api_req_deleted");
    public static final SayKind TEXT = new SayKind("text");
    public static final SayKind IMAGE = new SayKind("image");
    public static final SayKind REASONING = new SayKind("reasoning");
    public static final SayKind COMPLETION_RESULT = new SayKind("completion_result");
    public static final SayKind USER_FEEDBACK = new SayKind("user_feedback");
    public static final SayKind USER_FEEDBACK_DIFF = new SayKind("user_feedback_diff");
    public static final SayKind COMMAND_OUTPUT = new SayKind("command_output");
    public static final SayKind SHELL_INTEGRATION_WARNING = new SayKind("shell_integration_warning");
    public static final SayKind MCP_SERVER_REQUEST_STARTED = new SayKind("mcp_server_request_started");
    public static final SayKind MCP_SERVER_RESPONSE = new SayKind("mcp_server_response");
    public static final SayKind SUBTASK_RESULT = new SayKind("subtask_result");
    public static final SayKind CHECKPOINT_SAVED = new SayKind("checkpoint_saved");
    public static final SayKind ROOIGNORE_ERROR = new SayKind("rooignore_error");
    public static final SayKind DIFF_ERROR = new SayKind("diff_error");
    public static final SayKind CONDENSE_CONTEXT = new SayKind("condense_context");
    public static final SayKind CONDENSE_CONTEXT_ERROR = new SayKind("condense_context_error");
    public static final SayKind SLIDING_WINDOW_TRUNCATION = new SayKind("sliding_window_truncation");
    public static final SayKind CODEBASE_SEARCH_RESULT = new SayKind("codebase_search_result");
    public static final SayKind USER_EDIT_TODOS = new SayKind("user_edit_todos");
    public static final SayKind TOO_MANY_TOOLS_WARNING = new SayKind("too_many_tools_warning");
    public static final SayKind TOOL = new SayKind("tool");

    public SayKind {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static SayKind of(String value) {
        return new SayKind(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
