package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.relay.roo.DemoEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session driving the demo Roo over a real Unix socket, with the real event store. */
class DemoSessionTest {

    static final String S = "demo1";
    static final RelayCodec CODEC = new RelayCodec();

    @TempDir
    Path dir;

    SessionKit kit;

    @BeforeEach
    void start() {
        kit = new SessionKit(dir, List.of(new SessionConfig.Demo(S)), SessionKit.fastOptions());
        kit.awaitConnected(S);
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    DemoRoo roo() {
        return ((DemoEndpoint) kit.manager.session(S).orElseThrow().endpoint())
                .demoRoo()
                .orElseThrow();
    }

    void autoApprove(boolean write) {
        kit.execute(new ClientMessage.UpdateSettings(
                kit.nextId(),
                S,
                Map.of(
                        "autoApprovalEnabled", RooJson.nodes().booleanNode(true),
                        "alwaysAllowWrite", RooJson.nodes().booleanNode(write),
                        "alwaysAllowExecute", RooJson.nodes().booleanNode(true))));
    }

    @Test
    void listsRooModesOnConnect() {
        kit.awaitEvent(S, e -> e instanceof SessionEvent.ModesListed);
        List<SessionEvent.Mode> modes = kit.read(S, s -> s.snapshot().modes());
        assertThat(modes).extracting(SessionEvent.Mode::name).contains("🏗️ Architect", "💻 Code");
    }

    /** The prompt's Mode box shows this before the session's first task: the mode a new task runs in. */
    @Test
    void showsTheModeANewTaskRunsInBeforeAnyTaskAndAfterTheSettingChanges() {
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> kit.read(S, s -> s.mode().orElse("")), "code"::equals);
        // what a client is sent when it subscribes
        String snapshotMode = kit.read(S, s -> s.snapshot().mode());
        assertThat(snapshotMode).isEqualTo("code");

        kit.execute(new ClientMessage.UpdateSettings(
                kit.nextId(), S, Map.of("mode", RooJson.nodes().textNode("architect"))));
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> kit.read(S, s -> s.mode().orElse("")), "architect"::equals);
    }

    @Test
    void longReplyStreamsAsDeltasAndCompletesWithoutTaskCompleted() {
        String taskId = kit.startTask(S, "Explain the relay in a long answer, long 12000");
        kit.awaitState(S, taskId, TaskState.COMPLETED);

        ClineMessage reply = kit.lastMessage(
                        S, taskId, m -> SayKind.TEXT.equals(m.say()) && m.text().length() > 5000)
                .orElseThrow();
        assertThat(reply.isPartial()).isFalse();
        assertThat(reply.text().length()).isGreaterThanOrEqualTo(12_000);

        long forwardedBytes = 0;
        long forwardedText = 0;
        for (ServerMessage.Event event : kit.events.get(S)) {
            if (event.event() instanceof SessionEvent.Message m && m.message().ts() == reply.ts()) {
                forwardedBytes += CODEC.encode(event).getBytes(StandardCharsets.UTF_8).length;
                forwardedText += m.text() == null
                        ? 0
                        : (m.text().append() != null
                                        ? m.text().append()
                                        : m.text().replace())
                                .length();
            }
        }
        // Only the appended text travels: linear in the reply, while Roo resends the whole text each time.
        assertThat(forwardedText).isLessThanOrEqualTo(reply.text().length() + 32L);
        assertThat(kit.manager.ipcBytesReceived()).isGreaterThan(forwardedBytes * 10);
        assertThat(kit.events(S, SessionEvent.RooEvent.class))
                .noneMatch(e -> e.name().equals("taskCompleted"));
        assertThat(kit.lastMessage(S, taskId, m -> m.isAsk()).orElseThrow().ask())
                .isEqualTo(AskKind.COMPLETION_RESULT);
    }

    @Test
    void followupIsAnsweredWithSendMessageAndTheTaskGoesOn() {
        autoApprove(true);
        String taskId = kit.startTask(S, "Write a greeting file; ask me a followup question first");
        PendingAsk ask = kit.awaitPending(S, "followup");
        assertThat(ask.category()).isEqualTo(PendingAsk.Category.INTERACTIVE);
        assertThat(ask.text()).contains("\"question\"").contains("German");
        kit.awaitState(S, taskId, TaskState.NEEDS_INPUT);

        kit.execute(new ClientMessage.SendMessage(kit.nextId(), S, taskId, ask.ts(), "German", null));

        kit.awaitState(S, taskId, TaskState.COMPLETED);
        assertThat(kit.transcript(S, taskId))
                .anyMatch(m -> SayKind.USER_FEEDBACK.equals(m.say()) && "German".equals(m.text()));
        assertThat(kit.events(S, SessionEvent.UserAction.class))
                .anyMatch(a -> a.action().equals("send_message") && a.by().equals("alice"));
        // the answered ask is no longer answerable: nothing more goes to Roo
        int sent = roo().receivedCommands(TaskCommand.SendMessage.class).size();
        assertThat(kit.refused(new ClientMessage.SendMessage(kit.nextId(), S, taskId, ask.ts(), "again", null)))
                .isEqualTo(ErrorCode.STALE_ASK);
        assertThat(roo().receivedCommands(TaskCommand.SendMessage.class)).hasSize(sent);
    }

    @Test
    void toolAskApprovedByRooItselfNeverNeedsInput() {
        autoApprove(true);
        String taskId = kit.startTask(S, "Add a usage section to the README");
        kit.awaitState(S, taskId, TaskState.COMPLETED);

        assertThat(kit.transcript(S, taskId))
                .anyMatch(m -> AskKind.TOOL.equals(m.ask()) && Boolean.TRUE.equals(m.isAnswered()));
        assertThat(kit.events(S, SessionEvent.TaskStateChanged.class))
                .noneMatch(e -> e.state() == TaskState.NEEDS_INPUT);
        assertThat(kit.events(S, SessionEvent.AskPending.class))
                .noneMatch(e -> e.ask().isApproval());
        TaskCommand.StartNewTask sent =
                roo().receivedCommands(TaskCommand.StartNewTask.class).get(0);
        assertThat(sent.configuration().alwaysAllowWrite()).contains(true);
    }

    void awaitApproveCapability() {
        await().atMost(SessionKit.WAIT)
                .until(() -> kit.read(S, s -> s.info().capabilities().approve()));
    }

    SessionHub.Outcome perform(ClientMessage.SessionRequest request) throws Exception {
        return kit.manager.perform(SessionKit.ALICE, request).get(SessionKit.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void demoSessionsAdvertiseApproveThroughTheirBridge() {
        awaitApproveCapability();
        Capabilities capabilities = kit.read(S, s -> s.info().capabilities());
        assertThat(capabilities.deny()).isTrue();
        assertThat(capabilities.reason()).contains("roo-remote-bridge").contains("demo");
        assertThat(kit.events(S, SessionEvent.CapabilitiesChanged.class))
                .last()
                .extracting(e -> e.capabilities().approve())
                .isEqualTo(true);
    }

    @Test
    void aToolAskApprovedThroughTheBridgeGoesOnAsWhenAutoApproved() throws Exception {
        awaitApproveCapability();
        String taskId = kit.startTask(S, "Add a usage section to the README");
        PendingAsk ask = kit.awaitPending(S, "tool");
        kit.awaitState(S, taskId, TaskState.NEEDS_INPUT);
        assertThat(kit.refused(new ClientMessage.SendMessage(kit.nextId(), S, taskId, ask.ts(), "yes do it", null)))
                .isEqualTo(ErrorCode.ASK_NOT_ANSWERABLE);
        assertThat(kit.refused(new ClientMessage.Approve(kit.nextId(), S, taskId, ask.ts() + 1)))
                .isEqualTo(ErrorCode.STALE_ASK);

        SessionHub.Outcome approved = perform(new ClientMessage.Approve(kit.nextId(), S, taskId, ask.ts()));

        assertThat(approved.auditDetail())
                .contains("approved tool editedExistingFile README.md")
                .contains("through the bridge");
        kit.awaitState(S, taskId, TaskState.COMPLETED);
        assertThat(kit.transcript(S, taskId))
                .anyMatch(m -> AskKind.TOOL.equals(m.ask()) && Boolean.TRUE.equals(m.isAnswered()))
                .anyMatch(m -> m.text() != null && m.text().contains("Saved README.md"))
                .noneMatch(m -> SayKind.USER_FEEDBACK.equals(m.say()));
        assertThat(kit.events(S, SessionEvent.AskResolved.class))
                .anyMatch(r -> r.ts() == ask.ts() && r.resolution() == SessionEvent.Resolution.ANSWERED);
        assertThat(kit.events(S, SessionEvent.UserAction.class))
                .anyMatch(a -> a.action().equals("approve")
                        && a.by().equals("alice")
                        && taskId.equals(a.taskId())
                        && a.detail().contains("README.md"));
        // nothing went over IPC, and the same ask cannot be approved twice
        assertThat(roo().receivedCommands(TaskCommand.SendMessage.class)).isEmpty();
        assertThat(kit.refused(new ClientMessage.Approve(kit.nextId(), S, taskId, ask.ts())))
                .isEqualTo(ErrorCode.STALE_ASK);
    }

    @Test
    void aLintThatFailsShowsItsOutputAndExitsOne() throws Exception {
        awaitApproveCapability();
        String taskId = kit.startTask(S, "Run the lint");
        PendingAsk ask = kit.awaitPending(S, "command");
        assertThat(ask.text()).contains("npm run lint");

        perform(new ClientMessage.Approve(kit.nextId(), S, taskId, ask.ts()));

        kit.awaitState(S, taskId, TaskState.COMPLETED);
        await().atMost(SessionKit.WAIT)
                .until(
                        () -> kit.lastMessage(S, taskId, m -> SayKind.COMMAND_OUTPUT.equals(m.say()))
                                .map(ClineMessage::exitStatus)
                                .orElse(null),
                        ExitStatus.exited(1)::equals);
        assertThat(kit.lastMessage(S, taskId, m -> SayKind.COMMAND_OUTPUT.equals(m.say()))
                        .orElseThrow()
                        .text())
                .contains("2 problems");
    }

    @Test
    void aCommandApprovedThroughTheBridgeRunsAndShowsItsOutput() throws Exception {
        awaitApproveCapability();
        String taskId = kit.startTask(S, "Run the test command");
        PendingAsk ask = kit.awaitPending(S, "command");

        SessionHub.Outcome approved = perform(new ClientMessage.Approve(kit.nextId(), S, taskId, ask.ts()));

        assertThat(approved.auditDetail()).contains("approved command: npm test");
        kit.awaitState(S, taskId, TaskState.COMPLETED);
        assertThat(kit.transcript(S, taskId))
                .anyMatch(
                        m -> SayKind.COMMAND_OUTPUT.equals(m.say()) && m.text().contains("pass 3"));
        // the demo's bridge reports the command's exit status, and the output message carries it
        await().atMost(SessionKit.WAIT)
                .until(() -> kit.lastMessage(S, taskId, m -> SayKind.COMMAND_OUTPUT.equals(m.say()))
                                .orElseThrow()
                                .exitStatus()
                        != null);
        assertThat(kit.lastMessage(S, taskId, m -> SayKind.COMMAND_OUTPUT.equals(m.say()))
                        .orElseThrow()
                        .exitStatus())
                .isEqualTo(ExitStatus.exited(0));
    }

    @Test
    void aToolAskDeniedThroughTheBridgeTellsTheModelWhy() throws Exception {
        awaitApproveCapability();
        String taskId = kit.startTask(S, "Add a usage section to the README");
        PendingAsk ask = kit.awaitPending(S, "tool");
        assertThat(ask.text()).contains("editedExistingFile").contains("+## Usage");
        assertThat(kit.refused(new ClientMessage.AnswerAsk(kit.nextId(), S, taskId, ask.ts(), "yes")))
                .isEqualTo(ErrorCode.ASK_NOT_ANSWERABLE);

        SessionHub.Outcome denied =
                perform(new ClientMessage.Deny(kit.nextId(), S, taskId, ask.ts(), "Not now, leave the README alone."));

        assertThat(denied.auditDetail())
                .contains("denied tool editedExistingFile README.md")
                .contains("Not now, leave the README alone.");
        kit.awaitState(S, taskId, TaskState.COMPLETED);
        assertThat(kit.transcript(S, taskId))
                .anyMatch(m ->
                        SayKind.USER_FEEDBACK.equals(m.say()) && "Not now, leave the README alone.".equals(m.text()))
                .anyMatch(m -> m.text() != null && m.text().contains("No changes made to README.md"));
        // the bridge answered exactly that ask: no typed message went over IPC
        assertThat(roo().receivedCommands(TaskCommand.SendMessage.class)).isEmpty();
        assertThat(kit.events(S, SessionEvent.AskResolved.class))
                .anyMatch(r -> r.ts() == ask.ts() && r.resolution() == SessionEvent.Resolution.ANSWERED);
        assertThat(kit.refused(new ClientMessage.Approve(kit.nextId(), S, taskId, ask.ts())))
                .isEqualTo(ErrorCode.STALE_ASK);
    }

    @Test
    void approveAnswersApprovalsOnly() {
        awaitApproveCapability();
        String taskId = kit.startTask(S, "Write a greeting file; ask me a followup question first");
        PendingAsk ask = kit.awaitPending(S, "followup");
        assertThat(kit.refused(new ClientMessage.Approve(kit.nextId(), S, taskId, ask.ts())))
                .isEqualTo(ErrorCode.ASK_NOT_ANSWERABLE);
        assertThat(kit.refused(new ClientMessage.Approve(kit.nextId(), S, "no-such-task", 1L)))
                .isEqualTo(ErrorCode.STALE_ASK);
    }

    @Test
    void commandAskAutoApprovedShowsItsOutput() {
        autoApprove(false);
        kit.execute(new ClientMessage.UpdateSettings(
                kit.nextId(), S, Map.of("allowedCommands", RooJson.toTree(List.of("npm test")))));
        String taskId = kit.startTask(S, "Run the test command");
        kit.awaitState(S, taskId, TaskState.COMPLETED);
        assertThat(kit.transcript(S, taskId))
                .anyMatch(
                        m -> SayKind.COMMAND_OUTPUT.equals(m.say()) && m.text().contains("pass 3"));
    }

    @Test
    void cancelClosesTheHalfStreamedMessageAndLeavesAResumableTask() {
        String taskId = kit.startTask(S, "Write a long explanation, long 40000");
        await().atMost(SessionKit.WAIT)
                .until(() -> kit.lastMessage(S, taskId, m -> SayKind.TEXT.equals(m.say()) && m.isPartial())
                        .isPresent());

        kit.execute(new ClientMessage.CancelTask(kit.nextId(), S, taskId));

        PendingAsk resume = kit.awaitPending(S, "resume_task");
        kit.awaitState(S, taskId, TaskState.RESUMABLE);
        assertThat(resume.category()).isEqualTo(PendingAsk.Category.RESUMABLE);
        List<ClineMessage> transcript = kit.transcript(S, taskId);
        assertThat(transcript).noneMatch(ClineMessage::isPartial);
        ClineMessage cut = kit.lastMessage(
                        S, taskId, m -> SayKind.TEXT.equals(m.say()) && m.text().length() > 16)
                .orElseThrow();
        assertThat(cut.text().length()).isLessThan(40_000);
        assertThat(kit.events(S, SessionEvent.TaskStateChanged.class))
                .extracting(SessionEvent.TaskStateChanged::state)
                .contains(TaskState.ABORTED, TaskState.RESUMABLE);

        kit.execute(new ClientMessage.SendMessage(kit.nextId(), S, taskId, resume.ts(), "Please continue.", null));
        kit.awaitState(S, taskId, TaskState.COMPLETED);
    }

    @Test
    void resumeReopensAKnownTaskAndRefusesUnknownOnes() {
        autoApprove(true);
        String first = kit.startTask(S, "Add a usage section to the README");
        kit.awaitState(S, first, TaskState.COMPLETED);
        String second = kit.startTask(S, "Write a long explanation");
        assertThat(second).isNotEqualTo(first);

        AckResult resumed = kit.execute(new ClientMessage.ResumeTask(kit.nextId(), S, first));

        assertThat(resumed).isEqualTo(new AckResult.TaskStarted(first));
        PendingAsk ask = kit.awaitPending(S, "resume_completed_task");
        assertThat(ask.taskId()).isEqualTo(first);
        String current = kit.read(S, s -> s.currentTaskId().orElse(null));
        assertThat(current).isEqualTo(first);

        int commands = roo().receivedCommands().size();
        assertThat(kit.refused(new ClientMessage.ResumeTask(kit.nextId(), S, "00000000-0000-0000-0000-000000000000")))
                .isEqualTo(ErrorCode.UNKNOWN_TASK);
        assertThat(roo().receivedCommands()).hasSize(commands);
    }

    @Test
    void messagesAreRefusedWhenRooIsBusyOrTheAskIsStaleOrMissing() {
        assertThat(kit.refused(new ClientMessage.SendMessage(kit.nextId(), S, "t1", 1L, "hello?", null)))
                .isEqualTo(ErrorCode.NO_PENDING_ASK);

        String taskId = kit.startTask(S, "Write a long explanation, long 40000");
        await().atMost(SessionKit.WAIT)
                .until(() -> kit.lastMessage(S, taskId, ClineMessage::isPartial).isPresent());
        long streamingTs = kit.lastMessage(S, taskId, ClineMessage::isPartial)
                .orElseThrow()
                .ts();
        assertThat(kit.refused(new ClientMessage.SendMessage(kit.nextId(), S, taskId, streamingTs + 1, "hi", null)))
                .isEqualTo(ErrorCode.ROO_BUSY);
        assertThat(kit.refused(new ClientMessage.Deny(kit.nextId(), S, taskId, streamingTs + 1, "no")))
                .isEqualTo(ErrorCode.ROO_BUSY);

        kit.execute(new ClientMessage.CancelTask(kit.nextId(), S, null));
        PendingAsk resume = kit.awaitPending(S, "resume_task");
        long promptTs = kit.transcript(S, taskId).get(0).ts();
        assertThat(kit.refused(new ClientMessage.SendMessage(kit.nextId(), S, taskId, promptTs, "hi", null)))
                .isEqualTo(ErrorCode.STALE_ASK);
        assertThat(kit.refused(new ClientMessage.Deny(kit.nextId(), S, taskId, resume.ts(), "no")))
                .isEqualTo(ErrorCode.ASK_NOT_ANSWERABLE);

        assertThat(roo().receivedCommands(TaskCommand.SendMessage.class)).isEmpty();
    }

    @Test
    void settingsAreValidatedPersistedAndTheirSecretsNeverShown() {
        assertThat(kit.refused(new ClientMessage.UpdateSettings(
                        kit.nextId(),
                        S,
                        Map.of("alwaysAllowWrite", RooJson.nodes().textNode("yes")))))
                .isEqualTo(ErrorCode.INVALID_SETTINGS);
        assertThat(kit.refused(new ClientMessage.UpdateSettings(
                        kit.nextId(),
                        S,
                        Map.of("allowedCommands", RooJson.nodes().textNode("npm test")))))
                .isEqualTo(ErrorCode.INVALID_SETTINGS);

        AckResult.Settings view = (AckResult.Settings) kit.execute(new ClientMessage.UpdateSettings(
                kit.nextId(),
                S,
                Map.of(
                        "apiProvider", RooJson.nodes().textNode("openai"),
                        "openAiApiKey", RooJson.nodes().textNode("sk-very-secret"))));

        assertThat(view.secrets()).containsExactly("openAiApiKey");
        assertThat(view.settings()).containsKey("apiProvider").doesNotContainKey("openAiApiKey");
        assertThat(kit.events.get(S).stream().map(e -> CODEC.encode(e))).noneMatch(json -> json.contains("sk-very"));
        SessionEvent.SettingsChanged changed =
                kit.events(S, SessionEvent.SettingsChanged.class).get(0);
        assertThat(changed.secrets()).containsExactly("openAiApiKey");
        assertThat(changed.by()).isEqualTo("alice");

        SettingsProfile reloaded =
                new SettingsProfile(S, new dev.rooremote.relay.store.JdbcSettingsStore(kit.database), null);
        assertThat(reloaded.forRoo().string("openAiApiKey")).contains("sk-very-secret");

        kit.startTask(S, "Add a usage section to the README");
        TaskCommand.StartNewTask sent =
                roo().receivedCommands(TaskCommand.StartNewTask.class).get(0);
        JsonNode key = sent.configuration().get("openAiApiKey").orElseThrow();
        assertThat(key.textValue()).isEqualTo("sk-very-secret");
    }

    @Test
    void settingsAreRooLiveSettingsReadAndWrittenThroughTheDemoBridge() throws Exception {
        await().atMost(SessionKit.WAIT)
                .until(() -> kit.read(S, s -> s.info().capabilities().readSettings()));
        AckResult.Settings live = (AckResult.Settings) kit.execute(new ClientMessage.GetSettings(kit.nextId(), S));
        assertThat(live.source()).isEqualTo(AckResult.Settings.FROM_ROO);
        assertThat(live.settings()).containsEntry("mode", RooJson.nodes().textNode("code"));

        Map<String, JsonNode> changes = new java.util.LinkedHashMap<>();
        changes.put("mode", RooJson.nodes().textNode("architect"));
        changes.put("alwaysAllowWrite", RooJson.nodes().booleanNode(true));
        changes.put("openAiApiKey", RooJson.nodes().textNode("sk-demo-live-secret"));
        SessionHub.Outcome changed = perform(new ClientMessage.UpdateSettings(kit.nextId(), S, changes));

        AckResult.Settings after = (AckResult.Settings) changed.result();
        assertThat(after.source()).isEqualTo(AckResult.Settings.FROM_ROO);
        assertThat(after.settings())
                .containsEntry("mode", RooJson.nodes().textNode("architect"))
                .containsEntry("alwaysAllowWrite", RooJson.nodes().booleanNode(true))
                .doesNotContainKey("openAiApiKey");
        assertThat(after.secrets()).containsExactly("openAiApiKey");
        assertThat(changed.auditDetail()).contains("written to Roo through the bridge");
        // the demo Roo holds the change before any task started, and the stored profile agrees
        AckResult.Settings reread = (AckResult.Settings) kit.execute(new ClientMessage.GetSettings(kit.nextId(), S));
        assertThat(reread.settings()).containsEntry("mode", RooJson.nodes().textNode("architect"));
        assertThat(roo().receivedCommands(TaskCommand.StartNewTask.class)).isEmpty();
        SettingsProfile stored =
                new SettingsProfile(S, new dev.rooremote.relay.store.JdbcSettingsStore(kit.database), null);
        assertThat(stored.forRoo().mode()).contains("architect");
        assertThat(stored.forRoo().string("openAiApiKey")).contains("sk-demo-live-secret");
        assertThat(kit.events(S, SessionEvent.SettingsChanged.class)).last().satisfies(e -> {
            assertThat(e.by()).isEqualTo("alice");
            assertThat(e.secrets()).containsExactly("openAiApiKey");
        });
        assertThat(kit.events.get(S).stream().map(e -> CODEC.encode(e))).noneMatch(json -> json.contains("sk-demo"));

        // the relay's rules come first: a wrong type, and a key Roo does not know, are refused before Roo sees them
        assertThat(kit.refused(new ClientMessage.UpdateSettings(
                        kit.nextId(),
                        S,
                        Map.of("alwaysAllowWrite", RooJson.nodes().textNode("yes")))))
                .isEqualTo(ErrorCode.INVALID_SETTINGS);
        RelayException unknown = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> kit.execute(new ClientMessage.UpdateSettings(
                        kit.nextId(),
                        S,
                        Map.of(
                                "alwaysAlowWrite", RooJson.nodes().booleanNode(true),
                                "mode", RooJson.nodes().textNode("ask")))),
                RelayException.class);
        assertThat(unknown.code()).isEqualTo(ErrorCode.INVALID_SETTINGS);
        assertThat(unknown.getMessage())
                .contains("'alwaysAlowWrite' is not a Roo setting (did you mean alwaysAllowWrite");
        AckResult.Settings unchanged = (AckResult.Settings) kit.execute(new ClientMessage.GetSettings(kit.nextId(), S));
        assertThat(unchanged.settings()).containsEntry("mode", RooJson.nodes().textNode("architect"));
        assertThat(new SettingsProfile(S, new dev.rooremote.relay.store.JdbcSettingsStore(kit.database), null)
                        .forRoo()
                        .has("alwaysAlowWrite"))
                .isFalse();
    }

    @Test
    void providerProfilesAreListedAndSwitchedThroughTheDemoBridgeAndEveryTaskRunsOnTheChosenOne() throws Exception {
        await().atMost(SessionKit.WAIT)
                .until(() -> kit.read(S, s -> s.info().capabilities().profiles()));
        AckResult.Profiles before = (AckResult.Profiles) kit.execute(new ClientMessage.GetProfiles(kit.nextId(), S));
        assertThat(before.active()).isEqualTo("default");
        assertThat(before.profiles())
                .extracting(AckResult.ProviderProfile::name)
                .containsExactly("default", "local");
        assertThat(before.profiles().get(0).apiProvider()).isEqualTo("anthropic");
        assertThat(before.profiles().get(0).modelId()).isEqualTo("claude-sonnet-4-5");

        SessionHub.Outcome used = perform(new ClientMessage.UseProfile(kit.nextId(), S, "local"));

        AckResult.Profiles after = (AckResult.Profiles) used.result();
        assertThat(after.active()).isEqualTo("local");
        assertThat(used.auditDetail()).contains("provider profile local");
        AckResult.Settings live = (AckResult.Settings) kit.execute(new ClientMessage.GetSettings(kit.nextId(), S));
        assertThat(live.settings())
                .containsEntry("apiProvider", RooJson.nodes().textNode("openai"))
                .containsEntry("openAiModelId", RooJson.nodes().textNode("qwen3-coder"))
                .containsEntry("currentApiConfigName", RooJson.nodes().textNode("local"))
                .doesNotContainKey("apiModelId");
        assertThat(new SettingsProfile(S, new dev.rooremote.relay.store.JdbcSettingsStore(kit.database), null)
                        .forRoo()
                        .string("currentApiConfigName"))
                .contains("local");
        assertThat(kit.events(S, SessionEvent.UserAction.class)).last().satisfies(e -> {
            assertThat(e.by()).isEqualTo("alice");
            assertThat(e.action()).isEqualTo("use_profile");
        });

        // the relay's next task names the profile, so Roo runs it there even if someone switched in between
        kit.execute(new ClientMessage.UseProfile(kit.nextId(), S, "local"));
        kit.startTask(S, "Add a README");
        assertThat(roo().receivedCommands(TaskCommand.StartNewTask.class))
                .last()
                .satisfies(start -> assertThat(start.configuration().string("currentApiConfigName"))
                        .contains("local"));

        RelayException unknown = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> kit.execute(new ClientMessage.UseProfile(kit.nextId(), S, "nope")), RelayException.class);
        assertThat(unknown.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(unknown.getMessage()).contains("no provider profile named 'nope'");
        assertThat(((AckResult.Profiles) kit.execute(new ClientMessage.GetProfiles(kit.nextId(), S))).active())
                .isEqualTo("local");
    }

    @Test
    void newTaskAbortsTheRunningOne() {
        String first = kit.startTask(S, "Write a long explanation, long 40000");
        String second = kit.startTask(S, "Add a usage section to the README");
        kit.awaitState(S, first, TaskState.ABORTED);
        assertThat(kit.transcript(S, first)).noneMatch(ClineMessage::isPartial);
        kit.awaitPending(S, "tool");
        String current = kit.read(S, s -> s.currentTaskId().orElse(null));
        assertThat(current).isEqualTo(second);
    }

    @Test
    void afterARestartTheInterruptedDemoTaskIsAbortedAndItsAskWithdrawn() {
        String streaming = kit.startTask(S, "Write a long explanation, long 40000");
        await().atMost(SessionKit.WAIT).until(() -> kit.lastMessage(S, streaming, ClineMessage::isPartial)
                .isPresent());
        kit.close();

        kit = new SessionKit(dir, List.of(new SessionConfig.Demo(S)), SessionKit.fastOptions());
        kit.awaitConnected(S);

        assertThat(kit.taskState(S, streaming)).isEqualTo(TaskState.ABORTED);
        assertThat(kit.transcript(S, streaming)).isNotEmpty().noneMatch(ClineMessage::isPartial);
        String next = kit.startTask(S, "Add a usage section to the README");
        PendingAsk ask = kit.awaitPending(S, "tool");
        kit.close();

        kit = new SessionKit(dir, List.of(new SessionConfig.Demo(S)), SessionKit.fastOptions());
        kit.awaitConnected(S);
        assertThat(kit.read(S, s -> s.pendingAsk()).isPresent()).isFalse();
        assertThat(kit.taskState(S, next)).isEqualTo(TaskState.ABORTED);
        assertThat(kit.refused(new ClientMessage.Deny(kit.nextId(), S, next, ask.ts(), "no")))
                .isEqualTo(ErrorCode.STALE_ASK);
    }
}
