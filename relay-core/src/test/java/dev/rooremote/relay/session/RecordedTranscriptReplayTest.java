package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.testsupport.roo.RecordedRoo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorded traffic of the real extension (test-support/data) replayed through a session: the
 * relay must derive the same task states a person saw. Recordings of one Roo process are chained.
 */
class RecordedTranscriptReplayTest {

    static final String S = "roo";
    static final String COMPLETE_TASK = "01a211af-ebb1-71cb-9845-648894f22b79";
    static final String FOLLOWUP_TASK = "01a211b0-053e-719e-bd0d-19e6e480621b";
    static final String CANCELLED_TASK = "01a211b0-5b1c-700c-a15d-07495ae43d27";
    static final String BRIDGE_FOLLOWUP_TASK = "01a211bb-e358-754c-83aa-36976d2fb49c";
    static final String BRIDGE_CANCEL_TASK = "01a211bc-05e5-751b-b44f-510a1f483de7";

    @TempDir
    Path dir;

    private SessionKit kit(RecordedRoo roo, Path socket) {
        SessionKit kit = new SessionKit(
                dir.resolve("data"), List.of(new SessionConfig.Attach(S, socket)), SessionKit.fastOptions());
        kit.awaitConnected(S);
        return kit;
    }

    private String start(SessionKit kit, String prompt) {
        return kit.startTask(S, prompt);
    }

    private void send(SessionKit kit, PendingAsk ask, String text) {
        kit.execute(new ClientMessage.SendMessage(kit.nextId(), S, ask.taskId(), ask.ts(), text, null));
    }

    @Test
    void recordings02To06CompleteFollowupCancelResumeAndEdgeCases() throws Exception {
        Path socket = dir.resolve("roo.sock");
        try (RecordedRoo roo = new RecordedRoo(
                        socket,
                        List.of(
                                "02-complete-task-with-tools-and-streaming.ndjson",
                                "03-followup-question-answered-via-SendMessage.ndjson",
                                "04-cancel-midway.ndjson",
                                "05-resume-earlier-task.ndjson",
                                "06-misc-edge-cases.ndjson"));
                SessionKit kit = kit(roo, socket)) {
            kit.awaitEvent(
                    S,
                    e -> e instanceof SessionEvent.ModesListed m
                            && m.modes().stream().anyMatch(mode -> mode.name().equals("🏗️ Architect")));

            // 02: tools approved by Roo itself, streamed text, completion without taskCompleted
            assertThat(start(kit, "SCENARIO:complete Read input.txt and write an uppercase copy to output.txt."))
                    .isEqualTo(COMPLETE_TASK);
            kit.awaitState(S, COMPLETE_TASK, TaskState.COMPLETED);
            kit.awaitPending(S, "completion_result");
            ClineMessage result = kit.lastMessage(S, COMPLETE_TASK, m -> SayKind.COMPLETION_RESULT.equals(m.say()))
                    .orElseThrow();
            assertThat(result.text()).startsWith("I read input.txt and wrote its uppercase version");
            assertThat(result.isPartial()).isFalse();
            assertThat(kit.events(S, SessionEvent.TaskStateChanged.class))
                    .noneMatch(e -> e.state() == TaskState.NEEDS_INPUT);
            assertThat(kit.events(S, SessionEvent.AskPending.class))
                    .noneMatch(e -> e.ask().isApproval());

            // 03: a followup; this host dropped the IPC answer and was answered another way
            assertThat(start(kit, "SCENARIO:followup Write a greeting file; ask me which language."))
                    .isEqualTo(FOLLOWUP_TASK);
            PendingAsk followup = kit.awaitPending(S, "followup");
            assertThat(followup.text()).contains("Which language should the greeting file be in?");
            send(kit, followup, "German");
            kit.awaitState(S, FOLLOWUP_TASK, TaskState.COMPLETED);
            assertThat(kit.transcript(S, FOLLOWUP_TASK))
                    .anyMatch(m -> SayKind.USER_FEEDBACK.equals(m.say()) && "German".equals(m.text()));
            assertThat(kit.taskState(S, COMPLETE_TASK)).isEqualTo(TaskState.COMPLETED);

            // 04: cancel while text streams: the relay closes the half-streamed message
            assertThat(start(kit, "SCENARIO:cancel Write a long explanation.")).isEqualTo(CANCELLED_TASK);
            kit.execute(new ClientMessage.CancelTask(kit.nextId(), S, CANCELLED_TASK));
            kit.awaitState(S, CANCELLED_TASK, TaskState.RESUMABLE);
            PendingAsk resume = kit.awaitPending(S, "resume_task");
            assertThat(resume.taskId()).isEqualTo(CANCELLED_TASK);
            ClineMessage cut = kit.lastMessage(S, CANCELLED_TASK, m -> SayKind.TEXT.equals(m.say()) && m.ts() > 0)
                    .orElseThrow();
            assertThat(cut.text()).startsWith("This is a long, slowly streamed answer that will b");
            assertThat(kit.transcript(S, CANCELLED_TASK)).noneMatch(ClineMessage::isPartial);

            // 05: resume a completed task and the cancelled one; an unknown id is refused by the relay
            assertThat(kit.execute(new ClientMessage.ResumeTask(kit.nextId(), S, COMPLETE_TASK)))
                    .isEqualTo(new AckResult.TaskStarted(COMPLETE_TASK));
            kit.awaitPending(S, "resume_completed_task");
            assertThat(kit.currentTask(S)).isEqualTo(COMPLETE_TASK);
            kit.awaitState(S, COMPLETE_TASK, TaskState.COMPLETED);
            assertThat(kit.execute(new ClientMessage.ResumeTask(kit.nextId(), S, CANCELLED_TASK)))
                    .isEqualTo(new AckResult.TaskStarted(CANCELLED_TASK));
            PendingAsk resumeAgain = kit.awaitPending(S, "resume_task");
            assertThat(resumeAgain.ts()).isNotEqualTo(resume.ts());
            send(kit, resumeAgain, "Please continue.");
            assertThat(kit.refused(new ClientMessage.SendMessage(
                            kit.nextId(), S, CANCELLED_TASK, resumeAgain.ts(), "twice", null)))
                    .isEqualTo(ErrorCode.STALE_ASK);
            assertThat(kit.refused(
                            new ClientMessage.ResumeTask(kit.nextId(), S, "00000000-0000-0000-0000-000000000000")))
                    .isEqualTo(ErrorCode.UNKNOWN_TASK);

            // 06: CancelTask on a resume ask reloads the task again; DeleteQueuedMessage of an unknown id
            kit.execute(new ClientMessage.CancelTask(kit.nextId(), S, null));
            kit.awaitEvent(
                    S,
                    e -> e instanceof SessionEvent.AskPending p
                            && p.ask().ask().equals("resume_task")
                            && p.ask().ts() != resumeAgain.ts());
            kit.execute(new ClientMessage.DeleteQueuedMessage(kit.nextId(), S, "no-such-message"));
            kit.awaitState(S, CANCELLED_TASK, TaskState.RESUMABLE);

            assertThat(roo.received().stream()
                            .filter(TaskCommand.SendMessage.class::isInstance)
                            .map(c -> ((TaskCommand.SendMessage) c).text()))
                    .containsExactly("German", "Please continue.");
            assertThat(roo.received())
                    .noneMatch(c ->
                            c instanceof TaskCommand.ResumeTask r && r.taskId().startsWith("00000000"));
        }
    }

    @Test
    void recordings09And10FollowupAnsweredOverIpcThenCancelAndResumeBySendMessage() throws Exception {
        Path socket = dir.resolve("roo.sock");
        try (RecordedRoo roo = new RecordedRoo(
                        socket,
                        List.of(
                                "09-BRIDGE-followup-answered-via-IPC-SendMessage.ndjson",
                                "10-BRIDGE-cancel-then-resume-via-SendMessage.ndjson"));
                SessionKit kit = kit(roo, socket)) {
            // 09: the followup is answered over IPC, the task completes, a message on the completion continues it
            assertThat(start(kit, "SCENARIO:followup Write a greeting file; ask me which language."))
                    .isEqualTo(BRIDGE_FOLLOWUP_TASK);
            PendingAsk followup = kit.awaitPending(S, "followup");
            kit.awaitState(S, BRIDGE_FOLLOWUP_TASK, TaskState.NEEDS_INPUT);
            send(kit, followup, "French");
            PendingAsk done = kit.awaitPending(S, "completion_result");
            kit.awaitState(S, BRIDGE_FOLLOWUP_TASK, TaskState.COMPLETED);
            assertThat(kit.transcript(S, BRIDGE_FOLLOWUP_TASK))
                    .anyMatch(m -> AskKind.TOOL.equals(m.ask()) && Boolean.TRUE.equals(m.isAnswered()));
            send(kit, done, "Thanks, that is all.");
            kit.awaitEvent(
                    S,
                    e -> e instanceof SessionEvent.AskPending p
                            && p.ask().ask().equals("completion_result")
                            && p.ask().ts() != done.ts());
            kit.awaitState(S, BRIDGE_FOLLOWUP_TASK, TaskState.COMPLETED);

            // 10: cancel, resume by message, finish; then reopen the 09 task and continue it
            assertThat(start(kit, "SCENARIO:cancel Write a long explanation.")).isEqualTo(BRIDGE_CANCEL_TASK);
            kit.execute(new ClientMessage.CancelTask(kit.nextId(), S, null));
            PendingAsk resume = kit.awaitPending(S, "resume_task");
            kit.awaitState(S, BRIDGE_CANCEL_TASK, TaskState.RESUMABLE);
            send(kit, resume, "Please continue, but keep it short.");
            kit.awaitEvent(
                    S,
                    e -> e instanceof SessionEvent.AskPending p
                            && p.ask().taskId().equals(BRIDGE_CANCEL_TASK)
                            && p.ask().ask().equals("completion_result"));
            kit.awaitState(S, BRIDGE_CANCEL_TASK, TaskState.COMPLETED);
            assertThat(kit.transcript(S, BRIDGE_CANCEL_TASK)).noneMatch(ClineMessage::isPartial);
            assertThat(kit.transcript(S, BRIDGE_CANCEL_TASK).stream()
                            .filter(m -> SayKind.TEXT.equals(m.say()))
                            .filter(m -> m.text().startsWith("This is a long, slowly streamed answer")))
                    .hasSize(2);

            assertThat(kit.execute(new ClientMessage.ResumeTask(kit.nextId(), S, BRIDGE_FOLLOWUP_TASK)))
                    .isEqualTo(new AckResult.TaskStarted(BRIDGE_FOLLOWUP_TASK));
            PendingAsk reopened = kit.awaitPending(S, "resume_completed_task");
            send(kit, reopened, "One more thing: also say goodbye.");
            kit.awaitEvent(
                    S,
                    e -> e instanceof SessionEvent.AskPending p
                            && p.ask().taskId().equals(BRIDGE_FOLLOWUP_TASK)
                            && p.ask().ask().equals("completion_result")
                            && p.ask().ts() > reopened.ts());
            kit.awaitState(S, BRIDGE_FOLLOWUP_TASK, TaskState.COMPLETED);
            assertThat(kit.taskState(S, BRIDGE_CANCEL_TASK)).isEqualTo(TaskState.COMPLETED);
            assertThat(roo.received().stream()
                            .filter(TaskCommand.SendMessage.class::isInstance)
                            .count())
                    .isEqualTo(4);
        }
    }
}
