package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.roo.LaunchEndpoint;
import dev.rooremote.testsupport.data.RooContractTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay against a Roo stand-in built on node-ipc 12 that checks every frame with Roo Code's own
 * ipcMessageSchema (tools/roo-contract/roo-standin.mjs), launched through the launch endpoint. Every
 * command the relay sends must be valid, carry the connection's client id, and hold no setting Roo would
 * silently drop.
 */
class RooContractStandInTest {

    static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
            + "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    @TempDir
    Path dir;

    @Test
    void everyCommandTheRelaySendsPassesRoosOwnSchema() throws Exception {
        assumeThat(RooContractTools.skipped())
                .as("contract test skipped by -Droo.contract.skip=true")
                .isFalse();
        Path contract = RooContractTools.dir();
        assertThat(contract.resolve("node_modules/node-ipc"))
                .as("run 'npm ci' in %s (the protocol build does it)", contract)
                .isDirectory();
        String template = "node \"" + contract.resolve("roo-standin.mjs") + "\"";
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        try (SessionKit kit = new SessionKit(
                dir.resolve("data"),
                List.of(new SessionConfig.Launch("contract", workspace, template)),
                SessionKit.fastOptions())) {
            String s = "contract";
            kit.awaitConnected(s);
            kit.awaitEvent(s, e -> e instanceof SessionEvent.ModesListed);
            Map<String, JsonNode> settings = new LinkedHashMap<>();
            settings.put("mode", RooJson.nodes().textNode("code"));
            settings.put("apiProvider", RooJson.nodes().textNode("openai"));
            settings.put("openAiBaseUrl", RooJson.nodes().textNode("http://127.0.0.1:18080/v1"));
            settings.put("openAiModelId", RooJson.nodes().textNode("fake-model"));
            settings.put("openAiApiKey", RooJson.nodes().textNode("sk-local"));
            settings.put("customInstructions", RooJson.nodes().textNode("Answer briefly."));
            settings.put("autoApprovalEnabled", RooJson.nodes().booleanNode(true));
            settings.put("alwaysAllowReadOnly", RooJson.nodes().booleanNode(true));
            settings.put("alwaysAllowWrite", RooJson.nodes().booleanNode(false));
            settings.put("alwaysAllowExecute", RooJson.nodes().booleanNode(true));
            settings.put("allowedCommands", RooJson.toTree(List.of("npm test", "git status")));
            settings.put("deniedCommands", RooJson.toTree(List.of("rm -rf")));
            settings.put("alwaysAllowFollowupQuestions", RooJson.nodes().booleanNode(false));
            kit.execute(new ClientMessage.UpdateSettings(kit.nextId(), s, settings));

            String taskId = ((dev.rooremote.protocol.relay.AckResult.TaskStarted)
                            kit.execute(new ClientMessage.StartTask(
                                    kit.nextId(), s, "Write a greeting", List.of(PNG), "architect")))
                    .taskId();
            PendingAsk followup = kit.awaitPending(s, "followup");
            kit.execute(new ClientMessage.AnswerAsk(kit.nextId(), s, taskId, followup.ts(), "English"));
            PendingAsk completion = kit.awaitPending(s, "completion_result");
            kit.execute(new ClientMessage.SendMessage(
                    kit.nextId(), s, taskId, completion.ts(), "Thanks, also add a title.", List.of(PNG)));
            kit.awaitEvent(
                    s,
                    e -> e instanceof SessionEvent.AskPending p
                            && p.ask().ask().equals("completion_result")
                            && p.ask().ts() != completion.ts());
            kit.execute(new ClientMessage.CancelTask(kit.nextId(), s, taskId));
            PendingAsk resume = kit.awaitPending(s, "resume_task");
            kit.awaitState(s, taskId, TaskState.RESUMABLE);
            kit.execute(new ClientMessage.SendMessage(kit.nextId(), s, taskId, resume.ts(), "Go on.", null));
            kit.awaitEvent(
                    s,
                    e -> e instanceof SessionEvent.AskPending p
                            && p.ask().ask().equals("completion_result")
                            && p.ask().ts() > resume.ts());
            kit.execute(new ClientMessage.ResumeTask(kit.nextId(), s, taskId));
            kit.execute(new ClientMessage.DeleteQueuedMessage(kit.nextId(), s, "no-such-message"));

            LaunchEndpoint endpoint =
                    (LaunchEndpoint) kit.manager.session(s).orElseThrow().endpoint();
            List<String> expected = List.of(
                    "GetModes",
                    "StartNewTask",
                    "SendMessage",
                    "SendMessage",
                    "CancelTask",
                    "SendMessage",
                    "ResumeTask",
                    "DeleteQueuedMessage");
            await().atMost(SessionKit.WAIT)
                    .until(() -> frames(endpoint.logFile()).size() >= expected.size());
            List<JsonNode> frames = frames(endpoint.logFile());
            assertThat(frames).extracting(f -> f.path("command").asText()).containsExactlyElementsOf(expected);
            for (JsonNode frame : frames) {
                assertThat(frame.path("ok").asBoolean())
                        .as("%s is valid: %s", frame.path("command"), frame.path("error"))
                        .isTrue();
                assertThat(frame.path("stripped"))
                        .as("keys Roo would drop in %s", frame)
                        .isEmpty();
                assertThat(frame.path("clientIdOk").asBoolean()).isTrue();
            }
        }
    }

    private static List<JsonNode> frames(Path log) throws java.io.IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("FRAME ")) {
                out.add(RooJson.parse(line.substring("FRAME ".length())));
            }
        }
        return out;
    }
}
