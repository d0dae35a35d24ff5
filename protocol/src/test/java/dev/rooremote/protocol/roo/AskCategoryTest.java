package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AskCategoryTest {

    @ParameterizedTest
    @CsvSource({
        "followup, INTERACTIVE",
        "command, INTERACTIVE",
        "tool, INTERACTIVE",
        "use_mcp_server, INTERACTIVE",
        "completion_result, IDLE",
        "api_req_failed, IDLE",
        "resume_completed_task, IDLE",
        "mistake_limit_reached, IDLE",
        "auto_approval_max_req_reached, IDLE",
        "resume_task, RESUMABLE",
        "command_output, NON_BLOCKING",
        "some_future_ask, UNKNOWN"
    })
    void classifiesLikeRoo(String kind, AskCategory expected) {
        assertThat(AskCategory.of(AskKind.of(kind))).isEqualTo(expected);
        assertThat(AskKind.of(kind).category()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"followup", "completion_result", "resume_task"})
    void constantsEqualParsedValues(String kind) {
        assertThat(AskKind.of(kind)).isIn(AskKind.FOLLOWUP, AskKind.COMPLETION_RESULT, AskKind.RESUME_TASK);
    }

    @org.junit.jupiter.api.Test
    void nullAndSayMessagesAreUnknown() {
        assertThat(AskCategory.of(null)).isEqualTo(AskCategory.UNKNOWN);
        assertThat(ClineMessage.say(1, SayKind.TEXT, "hi", false).askCategory()).isEqualTo(AskCategory.UNKNOWN);
        assertThat(ClineMessage.ask(1, AskKind.TOOL, "{}", null).askCategory()).isEqualTo(AskCategory.INTERACTIVE);
    }
}
