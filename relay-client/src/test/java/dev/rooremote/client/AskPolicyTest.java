package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.PendingAsk.Category;
import org.junit.jupiter.api.Test;

/** Which asks an unattended run answers, which end it, and which it leaves to Roo. */
class AskPolicyTest {

    private static final String FOLLOWUP =
            "{\"question\":\"Which language?\",\"suggest\":[{\"answer\":\"English\"},{\"answer\":\"German\"}]}";

    private static PendingAsk ask(String kind, Category category, String text) {
        return new PendingAsk("t-1", 42, kind, category, text);
    }

    @Test
    void followupsAreAnsweredAsTheCallerChose() {
        PendingAsk followup = ask("followup", Category.INTERACTIVE, FOLLOWUP);

        assertThat(AskPolicy.stopOnFollowup().decide(followup))
                .isEqualTo(new AskPolicy.Decision.End(TaskOutcome.Reason.FOLLOWUP));
        assertThat(AskPolicy.firstSuggestion().decide(followup))
                .isInstanceOfSatisfying(AskPolicy.Decision.Answer.class, a -> {
                    assertThat(a.answer()).isEqualTo("English");
                    assertThat(a.question().question()).isEqualTo("Which language?");
                });
        assertThat(AskPolicy.answer("Klingon").decide(followup))
                .isInstanceOfSatisfying(AskPolicy.Decision.Answer.class, a -> assertThat(a.answer())
                        .isEqualTo("Klingon"));
    }

    @Test
    void aFollowupWithoutSuggestionsCannotBeAnsweredWithTheFirstOne() {
        PendingAsk plain = ask("followup", Category.INTERACTIVE, "Which language?");

        assertThat(AskPolicy.firstSuggestion().decide(plain))
                .isEqualTo(new AskPolicy.Decision.End(TaskOutcome.Reason.FOLLOWUP_WITHOUT_SUGGESTIONS));
        assertThat(AskPolicy.answer("English").decide(plain)).isInstanceOf(AskPolicy.Decision.Answer.class);
    }

    @Test
    void approvalsAlwaysEndTheRunWaitingForInput() {
        for (String kind : new String[] {"tool", "command", "use_mcp_server"}) {
            for (AskPolicy policy :
                    new AskPolicy[] {AskPolicy.stopOnFollowup(), AskPolicy.firstSuggestion(), AskPolicy.answer("yes")
                    }) {
                AskPolicy.Decision decision = policy.decide(ask(kind, Category.INTERACTIVE, "{}"));
                assertThat(decision).isEqualTo(new AskPolicy.Decision.End(TaskOutcome.Reason.APPROVAL));
                assertThat(TaskOutcome.Reason.APPROVAL.state()).isEqualTo(TaskOutcome.State.NEEDS_INPUT);
            }
        }
    }

    @Test
    void asksWhereRooIsDoneStoppedOrInterruptedEndTheRun() {
        AskPolicy policy = AskPolicy.firstSuggestion();

        assertThat(policy.decide(ask("completion_result", Category.IDLE, "")))
                .isEqualTo(new AskPolicy.Decision.End(TaskOutcome.Reason.COMPLETED));
        assertThat(policy.decide(ask("resume_completed_task", Category.RESUMABLE, "")))
                .isEqualTo(new AskPolicy.Decision.End(TaskOutcome.Reason.COMPLETED));
        assertThat(policy.decide(ask("auto_approval_max_req_reached", Category.IDLE, "")))
                .isEqualTo(new AskPolicy.Decision.End(TaskOutcome.Reason.REQUEST_LIMIT));
        assertThat(policy.decide(ask("resume_task", Category.RESUMABLE, "")))
                .isEqualTo(new AskPolicy.Decision.End(TaskOutcome.Reason.INTERRUPTED));
        assertThat(policy.decide(ask("api_req_failed", Category.IDLE, "rate limited")))
                .isEqualTo(new AskPolicy.Decision.End(TaskOutcome.Reason.STOPPED));
    }

    @Test
    void asksRooGoesOnFromAloneAreLeftToIt() {
        AskPolicy policy = AskPolicy.stopOnFollowup();

        assertThat(policy.decide(ask("command_output", Category.NON_BLOCKING, "")))
                .isInstanceOf(AskPolicy.Decision.Wait.class);
        assertThat(policy.decide(ask("something_new", Category.UNKNOWN, "")))
                .isInstanceOf(AskPolicy.Decision.Wait.class);
    }

    @Test
    void outcomesTellTheirStateAsScriptsReadIt() {
        assertThat(TaskOutcome.Reason.INTERRUPTED.state().wire()).isEqualTo("aborted");
        assertThat(TaskOutcome.Reason.FOLLOWUP.state().wire()).isEqualTo("needs-input");
        assertThat(TaskOutcome.Reason.ANSWER_FAILED.state().wire()).isEqualTo("failed");
        assertThat(TaskOutcome.Reason.TIMED_OUT.state().wire()).isEqualTo("timeout");
    }

    @Test
    void aFixedAnswerMustSaySomething() {
        assertThatThrownBy(() -> AskPolicy.answer(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
