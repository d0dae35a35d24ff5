package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageKindTest {

    @ParameterizedTest
    @CsvSource({
        "ask, tool, TOOL",
        "ask, use_mcp_server, TOOL",
        "ask, command, COMMAND",
        "ask, command_output, COMMAND_OUTPUT",
        "ask, followup, FOLLOWUP",
        "ask, completion_result, COMPLETION",
        "ask, resume_task, RESUME",
        "ask, resume_completed_task, RESUME",
        "ask, api_req_failed, ERROR",
        "ask, mistake_limit_reached, ERROR",
        "ask, auto_approval_max_req_reached, ERROR",
        "ask, some_future_ask, INFO",
        "say, text, ASSISTANT",
        "say, reasoning, REASONING",
        "say, api_req_started, API_REQUEST",
        "say, api_req_finished, HIDDEN",
        "say, api_req_deleted, HIDDEN",
        "say, completion_result, COMPLETION",
        "say, command_output, COMMAND_OUTPUT",
        "say, user_feedback, USER",
        "say, user_feedback_diff, USER",
        "say, tool, TOOL",
        "say, mcp_server_request_started, TOOL",
        "say, error, ERROR",
        "say, diff_error, ERROR",
        "say, rooignore_error, ERROR",
        "say, condense_context_error, ERROR",
        "say, shell_integration_warning, WARNING",
        "say, too_many_tools_warning, WARNING",
        "say, checkpoint_saved, INFO",
        "say, subtask_result, INFO",
        "say, some_future_say, INFO"
    })
    void classifies(String type, String kind, MessageKind expected) {
        ClineMessage message = "ask".equals(type)
                ? ClineMessage.ask(1, AskKind.of(kind), "x", false)
                : ClineMessage.say(1, SayKind.of(kind), "x", false);
        assertThat(MessageKind.of(message, false)).isEqualTo(expected);
    }

    @Test
    void theFirstTextIsThePromptAndAnEmptyCompletionAskShowsNothing() {
        assertThat(MessageKind.of(ClineMessage.say(1, SayKind.TEXT, "Do it", false), true))
                .isEqualTo(MessageKind.PROMPT);
        assertThat(MessageKind.of(ClineMessage.ask(2, AskKind.COMPLETION_RESULT, "", false), false))
                .isEqualTo(MessageKind.HIDDEN);
        assertThat(MessageKind.of(ClineMessage.ask(2, null, "?", false), false)).isEqualTo(MessageKind.INFO);
        assertThat(MessageKind.of(ClineMessage.say(2, null, "?", false), true)).isEqualTo(MessageKind.INFO);
    }
}
