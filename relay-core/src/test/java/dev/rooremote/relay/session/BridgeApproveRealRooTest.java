package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.roo.LaunchEndpoint;
import dev.rooremote.relay.store.JdbcSettingsStore;
import dev.rooremote.testsupport.roo.RealRoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approve and deny for real: the relay launches the real Roo Code 3.52.1 with the roo-remote-bridge
 * extension it ships ({@code {bridgeVsix}} in the launch template), answers its asks through the bridge, and
 * reads and writes Roo's live settings through it.
 */
@Tag(RealRoo.TAG)
class BridgeApproveRealRooTest {

    private static final Duration START = Duration.ofMinutes(2);
    private static final String S = "roo";

    @TempDir
    Path dir;

    @Test
    void writesAndCommandsAreApprovedThroughTheBridgeADenialReachesTheModelAndSettingsAreLive() throws Exception {
        RealRoo.assumeAvailable();
        try (SessionKit kit = SessionKit.realRooWithBridge(dir, S, START)) {
            // Before any task, the session shows the mode a new task runs in: Roo's own (code), read
            // through the bridge, as the relay's profile for a launched Roo names none.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> kit.read(S, s -> s.mode().orElse("")), "code"::equals);
            String reason = kit.read(S, s -> s.info().capabilities().reason());
            assertThat(reason).contains("roo-remote-bridge").contains("RooVeterinaryInc.roo-cline 3.52.1");
            LaunchEndpoint endpoint =
                    (LaunchEndpoint) kit.manager.session(S).orElseThrow().endpoint();
            String secret = endpoint.bridge().orElseThrow().secret();
            assertThat(Files.readString(endpoint.logFile())).doesNotContain(secret);

            // a file write, approved: the file appears
            String write = kit.startTask(S, "Please write path=approved.txt");
            PendingAsk writeAsk = kit.awaitPending(S, "tool");
            assertThat(kit.refused(new ClientMessage.Approve(kit.nextId(), S, write, writeAsk.ts() - 1)))
                    .isEqualTo(ErrorCode.STALE_ASK);
            SessionHub.Outcome approved =
                    perform(kit, new ClientMessage.Approve(kit.nextId(), S, write, writeAsk.ts()));
            assertThat(approved.auditDetail())
                    .contains("approved tool newFileCreated approved.txt")
                    .contains("through the bridge");
            assertThat(completion(kit, write)).contains("MOCK: done");
            assertThat(dir.resolve("ws").resolve("approved.txt")).hasContent("hello from real roo");
            assertThat(kit.events(S, SessionEvent.UserAction.class))
                    .anyMatch(a -> a.action().equals("approve") && a.detail().contains("approved.txt"));
            // approving it again is refused: Roo has moved on
            assertThat(kit.refused(new ClientMessage.Approve(kit.nextId(), S, write, writeAsk.ts())))
                    .isIn(ErrorCode.STALE_ASK, ErrorCode.NO_PENDING_ASK);

            // a command, approved: its output reaches the model
            String command = kit.startTask(S, "Run this command cmd=`echo bridge-cmd-ok`");
            PendingAsk commandAsk = kit.awaitPending(S, "command");
            SessionHub.Outcome ran = perform(kit, new ClientMessage.Approve(kit.nextId(), S, command, commandAsk.ts()));
            assertThat(ran.auditDetail()).contains("approved command: echo bridge-cmd-ok");
            assertThat(completion(kit, command)).contains("bridge-cmd-ok");

            // a write, denied with feedback: no file, and the model reads why
            String denied = kit.startTask(S, "Please write path=denied.txt");
            PendingAsk deniedAsk = kit.awaitPending(S, "tool");
            SessionHub.Outcome no = perform(
                    kit, new ClientMessage.Deny(kit.nextId(), S, denied, deniedAsk.ts(), "Not this file, thanks."));
            assertThat(no.auditDetail()).contains("denied tool newFileCreated denied.txt");
            assertThat(completion(kit, denied)).contains("Not this file, thanks.");
            assertThat(dir.resolve("ws").resolve("denied.txt")).doesNotExist();
            assertThat(kit.refused(new ClientMessage.Approve(kit.nextId(), S, denied, deniedAsk.ts())))
                    .isIn(ErrorCode.STALE_ASK, ErrorCode.NO_PENDING_ASK);

            // settings: Roo's own, read through the bridge, the API key withheld and named as set
            boolean reads = kit.read(S, s -> s.info().capabilities().readSettings());
            assertThat(reads).isTrue();
            AckResult.Settings live = (AckResult.Settings) kit.execute(new ClientMessage.GetSettings(kit.nextId(), S));
            assertThat(live.source()).isEqualTo(AckResult.Settings.FROM_ROO);
            assertThat(live.settings())
                    .containsEntry("apiProvider", TextNode.valueOf("openai"))
                    .containsEntry("openAiModelId", TextNode.valueOf("mock-model"))
                    .containsEntry("mode", TextNode.valueOf("code"))
                    .doesNotContainKey("openAiApiKey")
                    .doesNotContainKey("taskHistory");
            assertThat(live.secrets()).contains("openAiApiKey");
            assertThat(RooJson.write(live.settings())).doesNotContain("mock-key");
            boolean readOnly = live.settings().containsKey("alwaysAllowReadOnly")
                    && live.settings().get("alwaysAllowReadOnly").asBoolean();

            // a change goes to Roo and is read back live; the stored profile has it too
            SessionHub.Outcome changed = perform(
                    kit,
                    new ClientMessage.UpdateSettings(
                            kit.nextId(),
                            S,
                            Map.of(
                                    "alwaysAllowReadOnly", BooleanNode.valueOf(!readOnly),
                                    "mode", TextNode.valueOf("architect"))));
            assertThat(changed.auditDetail()).contains("written to Roo through the bridge");
            AckResult.Settings after = (AckResult.Settings) changed.result();
            assertThat(after.source()).isEqualTo(AckResult.Settings.FROM_ROO);
            assertThat(after.settings())
                    .containsEntry("alwaysAllowReadOnly", BooleanNode.valueOf(!readOnly))
                    .containsEntry("mode", TextNode.valueOf("architect"));
            AckResult.Settings reread =
                    (AckResult.Settings) kit.execute(new ClientMessage.GetSettings(kit.nextId(), S));
            assertThat(reread.settings())
                    .containsEntry("alwaysAllowReadOnly", BooleanNode.valueOf(!readOnly))
                    .containsEntry("mode", TextNode.valueOf("architect"))
                    .containsEntry("openAiModelId", TextNode.valueOf("mock-model"));
            assertThat(reread.secrets()).contains("openAiApiKey");
            SettingsProfile stored = new SettingsProfile(S, new JdbcSettingsStore(kit.database), null);
            assertThat(stored.forRoo().mode()).contains("architect");

            // a key Roo does not know is refused, with the key meant, and nothing changes
            RelayException unknown = catchThrowableOfType(
                    () -> kit.execute(new ClientMessage.UpdateSettings(
                            kit.nextId(),
                            S,
                            Map.of("alwaysAlowWrite", BooleanNode.TRUE, "mode", TextNode.valueOf("ask")))),
                    RelayException.class);
            assertThat(unknown.code()).isEqualTo(ErrorCode.INVALID_SETTINGS);
            assertThat(unknown.getMessage()).contains("alwaysAlowWrite").contains("did you mean alwaysAllowWrite");
            AckResult.Settings still = (AckResult.Settings) kit.execute(new ClientMessage.GetSettings(kit.nextId(), S));
            assertThat(still.settings()).containsEntry("mode", TextNode.valueOf("architect"));
            assertThat(new SettingsProfile(S, new JdbcSettingsStore(kit.database), null)
                            .forRoo()
                            .mode())
                    .contains("architect");

            // provider profiles: Roo's own, listed and switched through the bridge
            boolean listsProfiles = kit.read(S, s -> s.info().capabilities().profiles());
            assertThat(listsProfiles).isTrue();
            AckResult.Profiles profiles =
                    (AckResult.Profiles) kit.execute(new ClientMessage.GetProfiles(kit.nextId(), S));
            assertThat(profiles.profiles()).isNotEmpty();
            // a Roo whose settings were only ever set through its API may not name its active profile yet
            String active = profiles.active() != null
                    ? profiles.active()
                    : profiles.profiles().get(0).name();
            assertThat(profiles.profiles()).anySatisfy(p -> {
                assertThat(p.name()).isEqualTo(active);
                assertThat(p.apiProvider()).isEqualTo("openai");
                assertThat(p.modelId()).isEqualTo("mock-model");
            });
            SessionHub.Outcome used = perform(kit, new ClientMessage.UseProfile(kit.nextId(), S, active));
            assertThat(((AckResult.Profiles) used.result()).active()).isEqualTo(active);
            assertThat(new SettingsProfile(S, new JdbcSettingsStore(kit.database), null)
                            .forRoo()
                            .string("currentApiConfigName"))
                    .contains(active);
            RelayException noSuchProfile = catchThrowableOfType(
                    () -> kit.execute(new ClientMessage.UseProfile(kit.nextId(), S, "no-such-profile")),
                    RelayException.class);
            assertThat(noSuchProfile.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(noSuchProfile.getMessage()).contains("no-such-profile");
            // and a task the relay starts afterwards still runs on it
            assertThat(kit.startTask(S, "Please write path=after-profile.txt")).isNotBlank();
        }
    }

    private static SessionHub.Outcome perform(SessionKit kit, ClientMessage.SessionRequest request) throws Exception {
        return kit.manager.perform(SessionKit.ALICE, request).get(60, TimeUnit.SECONDS);
    }

    /** The task's completion text, once Roo shows it. */
    private static String completion(SessionKit kit, String taskId) {
        await().atMost(START).until(() -> completionText(kit, taskId).isPresent());
        return completionText(kit, taskId).orElseThrow();
    }

    private static Optional<String> completionText(SessionKit kit, String taskId) {
        return kit.lastMessage(
                        S,
                        taskId,
                        m -> m.say() != null
                                && "completion_result".equals(m.say().value())
                                && !m.isPartial())
                .map(ClineMessage::text);
    }
}
