package dev.rooremote.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.console.connect.RequestFailedException;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.testing.ScriptedDialogs;
import dev.rooremote.console.testing.TestLink;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionViewModelTest {

    private static final String TASK = "task-1";
    private static final String FOLLOWUP_TEXT =
            "{\"question\":\"Which language?\",\"suggest\":[{\"answer\":\"English\"},{\"answer\":\"German\"}]}";

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private TestLink link;
    private SessionViewModel session;
    private long seq = 10;

    private void open(Role role, Capabilities capabilities) {
        SessionInfo info = new SessionInfo(
                "s1", "demo-1", EndpointKind.DEMO, ConnectionStatus.CONNECTED, capabilities, null, null);
        link = new TestLink(role, List.of(info));
        session = new SessionViewModel(link, "relay", info, UiExecutor.sameThread(), dialogs);
        link.feed(session);
        TaskSummary task = new TaskSummary(TASK, "Write a greeting", TaskState.RUNNING, 1, 1, Tokens.ZERO, null);
        SessionInfo running = new SessionInfo(
                "s1", "demo-1", EndpointKind.DEMO, ConnectionStatus.CONNECTED, capabilities, task, null);
        link.push(new ServerMessage.Snapshot(
                "s1",
                seq,
                new SessionSnapshot(
                        running,
                        "code",
                        List.of(new SessionEvent.Mode("code", "Code"), new SessionEvent.Mode("ask", "Ask")),
                        List.of(ClineMessage.say(
                                100, dev.rooremote.protocol.roo.SayKind.TEXT, "Write a greeting", false)),
                        List.of(),
                        List.of(task))));
        session.setLinkUp(true);
    }

    private void event(SessionEvent e) {
        link.push(new ServerMessage.Event("s1", ++seq, System.currentTimeMillis(), e));
    }

    private void pendingAsk(long ts, AskKind kind, String text, PendingAsk.Category category, TaskState state) {
        event(new SessionEvent.Message(
                TASK,
                true,
                ClineMessage.ask(ts, kind, null, false),
                dev.rooremote.protocol.relay.TextDelta.replace(text),
                null));
        event(new SessionEvent.TaskStateChanged(TASK, state));
        event(new SessionEvent.AskPending(new PendingAsk(TASK, ts, kind.value(), category, text)));
        session.endBatch();
    }

    @Test
    void badgeFollowsTheTaskAndTheLink() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        assertThat(session.badge()).isEqualTo(SessionBadge.RUNNING);

        pendingAsk(200, AskKind.FOLLOWUP, FOLLOWUP_TEXT, PendingAsk.Category.INTERACTIVE, TaskState.NEEDS_INPUT);
        assertThat(session.badge()).isEqualTo(SessionBadge.NEEDS_YOU);

        event(new SessionEvent.AskResolved(TASK, 200, SessionEvent.Resolution.ANSWERED));
        event(new SessionEvent.TaskStateChanged(TASK, TaskState.COMPLETED));
        session.endBatch();
        assertThat(session.badge()).isEqualTo(SessionBadge.IDLE);

        session.setLinkUp(false);
        assertThat(session.badge()).isEqualTo(SessionBadge.DISCONNECTED);
        assertThat(session.transcript().messages()).isNotEmpty();
    }

    @Test
    void followupIsAnsweredBySuggestionOrTypedText() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        pendingAsk(200, AskKind.FOLLOWUP, FOLLOWUP_TEXT, PendingAsk.Category.INTERACTIVE, TaskState.NEEDS_INPUT);

        assertThat(session.followupProperty().get().suggestions())
                .extracting(s -> s.answer())
                .containsExactly("English", "German");
        assertThat(session.sendLabelBinding().get()).isEqualTo("Answer");

        session.answer(session.followupProperty().get().suggestions().get(1));
        assertThat(link.last(ClientMessage.AnswerAsk.class))
                .isEqualTo(new ClientMessage.AnswerAsk("r1", "s1", TASK, 200, "German"));

        session.promptProperty().set("  French ");
        session.send();
        assertThat(link.last(ClientMessage.AnswerAsk.class).answer()).isEqualTo("French");
        assertThat(session.promptProperty().get()).isEmpty();
    }

    @Test
    void toolAskOverStockIpcCanOnlyBeDeniedWithFeedback() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        pendingAsk(
                300,
                AskKind.TOOL,
                "{\"tool\":\"editedExistingFile\",\"path\":\"a.txt\",\"diff\":\"@@ -1 +1 @@\\n-a\\n+b\"}",
                PendingAsk.Category.INTERACTIVE,
                TaskState.NEEDS_INPUT);

        assertThat(session.canApproveBinding().get()).isFalse();
        assertThat(session.canDenyBinding().get()).isTrue();
        session.promptProperty().set("use b.txt instead");
        assertThat(session.canSendBinding().get()).isFalse();
        session.send();
        assertThat(link.requests).isEmpty();
        assertThat(session.noticeProperty().get()).contains("Approve or Deny");

        session.deny();
        assertThat(link.last(ClientMessage.Deny.class))
                .isEqualTo(new ClientMessage.Deny("r1", "s1", TASK, 300, "use b.txt instead"));
    }

    @Test
    void approveIsOfferedWhenTheSessionCanApprove() {
        open(Role.OPERATOR, new Capabilities(true, true, true));
        pendingAsk(300, AskKind.COMMAND, "npm test", PendingAsk.Category.INTERACTIVE, TaskState.NEEDS_INPUT);

        assertThat(session.canApproveBinding().get()).isTrue();
        session.approve();
        assertThat(link.last(ClientMessage.Approve.class)).isEqualTo(new ClientMessage.Approve("r1", "s1", TASK, 300));
    }

    @Test
    void cancelAsksFirstAndSendsNothingWhenTheUserKeepsGoing() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        dialogs.confirmAnswer = false;
        session.cancel();
        assertThat(dialogs.confirmations).hasSize(1);
        assertThat(link.requests).isEmpty();

        dialogs.confirmAnswer = true;
        session.cancel();
        assertThat(link.last(ClientMessage.CancelTask.class)).isEqualTo(new ClientMessage.CancelTask("r1", "s1", TASK));
    }

    @Test
    void resumableTaskIsResumedWithAMessage() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        pendingAsk(400, AskKind.RESUME_TASK, "", PendingAsk.Category.RESUMABLE, TaskState.RESUMABLE);

        assertThat(session.canResumeBinding().get()).isTrue();
        assertThat(session.canCancelBinding().get()).isFalse();
        session.resume();
        ClientMessage.SendMessage sent = link.last(ClientMessage.SendMessage.class);
        assertThat(sent.askTs()).isEqualTo(400);
        assertThat(sent.text()).isNotBlank();
    }

    @Test
    void newTaskWhileRooWorksNeedsConfirmationAndCarriesTheMode() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        session.promptProperty().set("Something else");
        session.promptModeProperty().set("ask");
        dialogs.confirmAnswer = false;
        session.send();
        assertThat(link.requests).isEmpty();

        dialogs.confirmAnswer = true;
        session.send();
        assertThat(link.last(ClientMessage.StartTask.class))
                .isEqualTo(new ClientMessage.StartTask("r1", "s1", "Something else", List.of(), "ask"));
    }

    @Test
    void aViewerWatchesButCannotAct() {
        open(Role.VIEWER, Capabilities.stockIpc());
        pendingAsk(200, AskKind.FOLLOWUP, FOLLOWUP_TEXT, PendingAsk.Category.INTERACTIVE, TaskState.NEEDS_INPUT);
        session.promptProperty().set("English");

        assertThat(session.canSendBinding().get()).isFalse();
        session.send();
        session.answer(session.followupProperty().get().suggestions().get(0));
        session.cancel();
        assertThat(link.requests).isEmpty();
        assertThat(session.mayOperate()).isFalse();
    }

    @Test
    void aRefusedRequestIsExplainedAndKeepsThePrompt() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        pendingAsk(200, AskKind.FOLLOWUP, FOLLOWUP_TEXT, PendingAsk.Category.INTERACTIVE, TaskState.NEEDS_INPUT);
        link.answerWith(r -> CompletableFuture.failedFuture(
                new RequestFailedException(ErrorCode.STALE_ASK, "the ask was answered")));
        session.promptProperty().set("English");

        session.send();

        assertThat(session.noticeProperty().get()).contains("Roo moved on").contains("nothing was sent");
        assertThat(session.promptProperty().get()).isEqualTo("English");
        assertThat(session.busyProperty().get()).isFalse();
    }

    @Test
    void attentionIsRaisedOncePerAskAndOncePerCompletion() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        List<SessionViewModel.Attention> raised = new ArrayList<>();
        session.attentionProperty().addListener((o, a, b) -> raised.add(b));

        pendingAsk(200, AskKind.FOLLOWUP, FOLLOWUP_TEXT, PendingAsk.Category.INTERACTIVE, TaskState.NEEDS_INPUT);
        event(new SessionEvent.AskPending(
                new PendingAsk(TASK, 200, "followup", PendingAsk.Category.INTERACTIVE, FOLLOWUP_TEXT)));
        event(new SessionEvent.TaskStateChanged(TASK, TaskState.COMPLETED));
        event(new SessionEvent.TaskStateChanged(TASK, TaskState.COMPLETED));
        session.endBatch();

        assertThat(raised)
                .extracting(SessionViewModel.Attention::text)
                .containsExactly("Which language?", "Roo completed the task.");
    }

    @Test
    void aRenameInTheSessionListOutlivesLaterEvents() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        session.applyStatus(new SessionInfo(
                "s1", "renamed", EndpointKind.DEMO, ConnectionStatus.CONNECTED, Capabilities.stockIpc(), null, null));
        assertThat(session.nameProperty().get()).isEqualTo("renamed");

        event(new SessionEvent.TaskStateChanged(TASK, TaskState.NEEDS_INPUT));
        session.endBatch();

        assertThat(session.nameProperty().get()).isEqualTo("renamed");
        assertThat(session.infoProperty().get().task().state()).isEqualTo(TaskState.NEEDS_INPUT);
    }

    @Test
    void queuedMessagesAreListedAndDeleted() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        event(new SessionEvent.QueuedMessages(TASK, List.of(new SessionEvent.QueuedMessage("q1", "later", 5))));
        session.endBatch();

        assertThat(session.queued())
                .extracting(SessionEvent.QueuedMessage::text)
                .containsExactly("later");
        session.deleteQueued(session.queued().get(0));
        assertThat(link.last(ClientMessage.DeleteQueuedMessage.class).messageId())
                .isEqualTo("q1");
    }

    @Test
    void imagesAreAttachedAsDataUrlsWithinTheSizeLimit(@TempDir Path dir) throws Exception {
        open(Role.OPERATOR, Capabilities.stockIpc());
        Path small = Files.write(dir.resolve("shot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Path big = Files.write(dir.resolve("huge.png"), new byte[(int) Attachment.MAX_BYTES + 1]);
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");

        session.attach(small);
        session.attach(big);
        assertThat(session.noticeProperty().get()).contains("huge.png").contains("at most 5 MB");
        session.attach(text);
        assertThat(session.noticeProperty().get()).contains("not a PNG");

        assertThat(session.attachments()).hasSize(1);
        assertThat(session.attachments().get(0).dataUrl()).startsWith("data:image/png;base64,");
        session.promptProperty().set("What is in this picture?");
        dialogs.confirmAnswer = true;
        session.newTask();
        assertThat(link.last(ClientMessage.StartTask.class).images()).hasSize(1);
        assertThat(session.attachments()).isEmpty();
    }

    @Test
    void theAttachButtonAsksForAnImageThroughTheDialogService(@TempDir Path dir) throws Exception {
        open(Role.OPERATOR, Capabilities.stockIpc());
        dialogs.chosenFile = Files.write(dir.resolve("shot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});

        session.attachImage();
        dialogs.chosenFile = null;
        session.attachImage();

        assertThat(dialogs.fileChoosers).hasSize(2).allMatch(c -> c.contains("[png, jpg, jpeg, gif, webp]"));
        assertThat(session.attachments()).extracting(Attachment::name).containsExactly("shot.png");
    }

    @Test
    void anOpenHistoryListFollowsTheTaskWithoutARefresh() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        TaskState[] stored = {TaskState.RUNNING};
        link.answerWith(r -> CompletableFuture.completedFuture(new AckResult.History(
                "s1", List.of(new TaskSummary(TASK, "Write a greeting", stored[0], 1, 2, Tokens.ZERO, null)))));
        session.history().refresh();
        assertThat(session.history().tasks()).extracting(TaskSummary::state).containsExactly(TaskState.RUNNING);

        stored[0] = TaskState.COMPLETED;
        event(new SessionEvent.TaskStateChanged(TASK, TaskState.COMPLETED));
        session.endBatch();

        assertThat(session.history().tasks()).extracting(TaskSummary::state).containsExactly(TaskState.COMPLETED);
        long asked = link.requests.stream()
                .filter(ClientMessage.GetHistory.class::isInstance)
                .count();
        event(new SessionEvent.TaskStateChanged(TASK, TaskState.COMPLETED));
        session.endBatch();
        assertThat(link.requests.stream()
                        .filter(ClientMessage.GetHistory.class::isInstance)
                        .count())
                .as("asked again only when the task moved")
                .isEqualTo(asked);
    }

    @Test
    void historyResumeReopensTheTask() {
        open(Role.OPERATOR, Capabilities.stockIpc());
        link.answerWith(r -> CompletableFuture.completedFuture(
                r instanceof ClientMessage.GetHistory
                        ? new AckResult.History(
                                "s1",
                                List.of(new TaskSummary(
                                        "old", "Old task", TaskState.COMPLETED, 1, 2, Tokens.ZERO, null)))
                        : r instanceof ClientMessage.GetTranscript
                                ? new AckResult.Transcript(
                                        "s1",
                                        new TaskSummary(
                                                "old", "Old task", TaskState.COMPLETED, 1, 2, Tokens.ZERO, null),
                                        List.of(ClineMessage.say(
                                                5, dev.rooremote.protocol.roo.SayKind.TEXT, "Old task", false)))
                                : new AckResult.TaskStarted("old")));

        session.history().refresh();
        assertThat(session.history().tasks()).extracting(TaskSummary::taskId).containsExactly("old");
        session.history().selectedProperty().set(session.history().tasks().get(0));
        assertThat(session.history().transcript().messages()).hasSize(1);
        session.history().resumeSelected();
        assertThat(link.last(ClientMessage.ResumeTask.class).taskId()).isEqualTo("old");
    }
}
