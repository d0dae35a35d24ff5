package dev.rooremote.client;

import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.roo.FollowupQuestion;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a program that runs Roo tasks with no person at the keyboard answers Roo's asks, so that
 * every such program (roo-agent's {@code run --wait}, or any other built on this library) answers
 * them the same way. {@link TaskRunner} applies it.
 *
 * <ul>
 *   <li>A followup question is answered with Roo's first suggestion, with a fixed text, or not at
 *       all: then the run ends as {@link TaskOutcome.Reason#FOLLOWUP}, waiting for input.
 *   <li>A tool, command or MCP approval is approved when its {@link ApprovalRules} say so (the session
 *       must be able to approve: a Roo with the bridge extension, or a demo session), denied with their
 *       feedback, or else ends the run, waiting for a person.
 *   <li>Roo's final question ({@code completion_result}) ends the run as completed; a request limit,
 *       an interruption or an ask where Roo stopped (an API failure, too many mistakes) end it too.
 *   <li>Anything else (a command's output, an unknown ask) leaves Roo to go on.
 * </ul>
 */
public final class AskPolicy {

    private enum Followups {
        STOP,
        FIRST_SUGGESTION,
        ANSWER
    }

    /** What to do about an ask. */
    public sealed interface Decision {
        /** Answer the followup {@code question} with {@code answer}. */
        record Answer(FollowupQuestion question, String answer) implements Decision {}

        /** The run ends, for {@code reason}. */
        record End(TaskOutcome.Reason reason) implements Decision {}

        /** Nothing to do: Roo goes on by itself. */
        record Wait() implements Decision {}

        /** Approve the tool or command ask; {@code what} says what a rule approved, for people. */
        record Approve(String what) implements Decision {}

        /** Deny the tool or command ask, with {@code feedback} for Roo. */
        record Deny(String feedback) implements Decision {}
    }

    private static final AskPolicy STOP = new AskPolicy(Followups.STOP, null, ApprovalRules.none());
    private static final AskPolicy FIRST = new AskPolicy(Followups.FIRST_SUGGESTION, null, ApprovalRules.none());

    private final Followups followups;
    private final String answer;
    private final ApprovalRules approvals;

    private AskPolicy(Followups followups, String answer, ApprovalRules approvals) {
        this.followups = followups;
        this.answer = answer;
        this.approvals = approvals;
    }

    /** This policy, with tool and command asks decided by {@code rules}. */
    public AskPolicy withApprovals(ApprovalRules rules) {
        return new AskPolicy(followups, answer, Objects.requireNonNull(rules, "rules"));
    }

    /** Followup questions end the run, waiting for someone to answer them. */
    public static AskPolicy stopOnFollowup() {
        return STOP;
    }

    /** Followup questions get Roo's first suggested answer; one without suggestions ends the run. */
    public static AskPolicy firstSuggestion() {
        return FIRST;
    }

    /** Every followup question gets {@code text} as its answer. */
    public static AskPolicy answer(String text) {
        if (Objects.requireNonNull(text, "text").isBlank()) {
            throw new IllegalArgumentException("the answer is empty");
        }
        return new AskPolicy(Followups.ANSWER, text, ApprovalRules.none());
    }

    /** What to do about {@code ask}, pending in the task being run. */
    public Decision decide(PendingAsk ask) {
        if (ask.isFollowup()) {
            return followup(FollowupQuestion.parse(ask.text()).orElse(new FollowupQuestion("", List.of())));
        }
        if (ask.isApproval()) {
            Optional<String> approved = approvals.approves(ask);
            if (approved.isPresent()) {
                return new Decision.Approve(approved.get());
            }
            return approvals
                    .denyFeedback()
                    .<Decision>map(Decision.Deny::new)
                    .orElse(new Decision.End(TaskOutcome.Reason.APPROVAL));
        }
        String kind = ask.ask();
        if (kind.equals("completion_result") || kind.equals("resume_completed_task")) {
            return new Decision.End(TaskOutcome.Reason.COMPLETED);
        }
        if (kind.equals("auto_approval_max_req_reached")) {
            return new Decision.End(TaskOutcome.Reason.REQUEST_LIMIT);
        }
        if (ask.category() == PendingAsk.Category.RESUMABLE) {
            return new Decision.End(TaskOutcome.Reason.INTERRUPTED);
        }
        if (ask.category() == PendingAsk.Category.IDLE) {
            return new Decision.End(TaskOutcome.Reason.STOPPED);
        }
        return new Decision.Wait();
    }

    private Decision followup(FollowupQuestion question) {
        return switch (followups) {
            case STOP -> new Decision.End(TaskOutcome.Reason.FOLLOWUP);
            case FIRST_SUGGESTION ->
                question.suggestions().isEmpty()
                        ? new Decision.End(TaskOutcome.Reason.FOLLOWUP_WITHOUT_SUGGESTIONS)
                        : new Decision.Answer(
                                question, question.suggestions().get(0).answer());
            case ANSWER -> new Decision.Answer(question, answer);
        };
    }

    @Override
    public String toString() {
        String onFollowups =
                switch (followups) {
                    case STOP -> "stop on followups";
                    case FIRST_SUGGESTION -> "answer followups with the first suggestion";
                    case ANSWER -> "answer followups with '" + answer + "'";
                };
        return approvals.isEmpty() ? onFollowups : onFollowups + "; " + approvals;
    }
}
