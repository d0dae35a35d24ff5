package dev.rooremote.agent.mcp;

import static dev.rooremote.agent.mcp.McpServerProcess.error;
import static dev.rooremote.agent.mcp.McpServerProcess.map;
import static dev.rooremote.agent.mcp.McpServerProcess.structured;
import static dev.rooremote.agent.mcp.McpServerProcess.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.client.Credentials;
import dev.rooremote.client.RelayClient;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.RelayFixture;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.SubscribeRequest;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.UnsubscribeRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roo-agent mcp} as a child process, driven over stdio by the MCP Java SDK's client against a
 * real relay with two demo Roo sessions: demo-1 lets Roo write files by itself, demo-2 asks first.
 * The demo Roo asks a followup question when the prompt says "followup" and streams for a long while
 * when it says "long".
 */
class McpServerTest {

    private static final String WRITES = "demo-1";
    private static final String ASKS = "demo-2";

    @TempDir
    static Path home;

    private static RelayFixture relay;
    private static RelayClient admin;
    private static String bobToken;
    private static McpServerProcess bob;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.builder().demoSessions(2).start();
        admin = RelayClient.builder(relay.url())
                .fingerprint(relay.fingerprint())
                .credentials(
                        Credentials.password("alice", relay.password("alice").toCharArray()))
                .build();
        admin.connect().get(30, TimeUnit.SECONDS);
        allowWrites(WRITES, true);
        allowWrites(ASKS, false);
        bobToken = relay.agentToken("manager", Role.OPERATOR, WRITES, ASKS);
        bob = McpServerProcess.start(relay.url(), bobToken, relay.fingerprint(), home.resolve("agent.json"));
    }

    @AfterAll
    static void stop() {
        if (bob != null) {
            bob.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void listsItsToolsWithSchemasWrittenForAModelAndItsResources() {
        List<Tool> tools = bob.client.listTools().tools();
        assertThat(tools).extracting(Tool::name).containsExactlyInAnyOrderElementsOf(McpServerProcess.TOOLS);
        for (Tool tool : tools) {
            assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(60);
            assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
            assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object");
        }
        Tool start = tools.stream()
                .filter(t -> t.name().equals("start_task"))
                .findFirst()
                .orElseThrow();
        assertThat(start.inputSchema()).containsEntry("required", List.of("session", "prompt"));
        assertThat(bob.client.getServerInstructions()).contains("wait_for_task");

        assertThat(bob.client.listResourceTemplates().resourceTemplates())
                .extracting(ResourceTemplate::uriTemplate)
                .containsExactlyInAnyOrder(
                        "roo://sessions/{session}/status", "roo://sessions/{session}/tasks/{task}/transcript");
        assertThat(bob.client.listResources().resources())
                .anySatisfy(r -> assertThat(r.uri()).isEqualTo("roo://sessions"));
        assertThat(bob.client.getServerCapabilities().resources().subscribe()).isTrue();
    }

    @Test
    void aTaskRunsToCompletionWithProgressAndItsTranscriptReadsForReview() {
        String statusUri = "roo://sessions/" + WRITES + "/status";
        bob.client.subscribeResource(new SubscribeRequest(statusUri));

        CallToolResult started =
                bob.call("start_task", Map.of("session", WRITES, "prompt", "Add a usage section to the README"));
        assertThat(started.isError()).as(text(started)).isFalse();
        String taskId = (String) structured(started).get("task_id");
        assertThat(text(started)).contains(taskId).contains("wait_for_task");

        CallToolResult waited =
                bob.call("wait_for_task", Map.of("session", WRITES, "task_id", taskId, "timeout_seconds", 120));
        assertThat(waited.isError()).as(text(waited)).isFalse();
        Map<String, Object> outcome = structured(waited);
        assertThat(outcome)
                .containsEntry("outcome", "completed")
                .containsEntry("reason", "completed")
                .containsEntry("task_id", taskId);
        assertThat((String) outcome.get("result")).contains("README.md");
        assertThat((String) outcome.get("next")).contains("get_transcript");
        assertThat(text(waited)).contains("completed").contains("Next:");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bob.updates)
                .as("the subscribed status resource was updated")
                .anySatisfy(c -> {
                    assertThat(c.uri()).isEqualTo(statusUri);
                    assertThat(((TextResourceContents) c).text()).contains(taskId);
                }));
        bob.client.unsubscribeResource(new UnsubscribeRequest(statusUri));

        CallToolResult markdown = bob.call("get_transcript", Map.of("session", WRITES, "task_id", taskId));
        assertThat(text(markdown))
                .contains("# Roo task " + taskId)
                .contains("## Prompt\n\n> Add a usage section to the README")
                .contains("```diff")
                .contains("- Cost: $");

        CallToolResult fields =
                bob.call("get_transcript", Map.of("session", WRITES, "task_id", taskId, "format", "structured"));
        Map<String, Object> transcript = structured(fields);
        assertThat(transcript.get("tool_calls"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .anySatisfy(call ->
                        assertThat(map(call)).containsEntry("path", "README.md").containsKey("diff"));
        assertThat((String) transcript.get("result")).contains("README.md");
        assertThat(map(transcript.get("task")).get("cost_usd")).isInstanceOf(Number.class);
        assertThat(transcript.get("messages"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .isNotEmpty();

        String transcriptUri = "roo://sessions/" + WRITES + "/tasks/" + taskId + "/transcript";
        TextResourceContents resource = (TextResourceContents) bob.client
                .readResource(new ReadResourceRequest(transcriptUri))
                .contents()
                .get(0);
        assertThat(resource.mimeType()).isEqualTo("text/markdown");
        assertThat(resource.text()).contains("# Roo task " + taskId);

        CallToolResult history = bob.call("list_history", Map.of("session", WRITES, "limit", 5));
        assertThat(structured(history).get("tasks"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .first()
                .satisfies(
                        t -> assertThat(map(t)).containsEntry("task_id", taskId).containsEntry("state", "completed"));

        CallToolResult settings = bob.call("get_settings", Map.of("session", WRITES));
        assertThat(map(structured(settings).get("settings"))).containsEntry("alwaysAllowWrite", true);
        assertThat(text(settings)).contains("alwaysAllowWrite=true");

        CallToolResult sessions = bob.call("list_sessions", Map.of());
        assertThat(structured(sessions)).containsEntry("role", "operator");
        assertThat(structured(sessions).get("sessions"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .anySatisfy(s ->
                        assertThat(map(s)).containsEntry("session", WRITES).containsEntry("connection", "connected"));
    }

    @Test
    void aFollowupQuestionWaitsForTheAnswerGivenThroughTheTool() {
        Map<String, Object> asked =
                startUntilInput(WRITES, "Ask me a followup question, then write the file", "followup");
        Map<String, Object> ask = map(asked.get("pending_ask"));
        assertThat(ask.get("answer_with")).isEqualTo(List.of("answer_followup"));
        assertThat((String) ask.get("question")).contains("Which language");
        assertThat(ask.get("suggestions")).isEqualTo(List.of("English", "German", "French"));
        assertThat((String) asked.get("next")).contains("answer_followup");
        String taskId = (String) asked.get("task_id");

        CallToolResult answered =
                bob.call("answer_followup", Map.of("session", WRITES, "task_id", taskId, "answer", "German"));
        assertThat(answered.isError()).as(text(answered)).isFalse();
        assertThat((String) structured(answered).get("next")).contains("wait_for_task");

        Map<String, Object> done = waitFor(WRITES, taskId);
        assertThat(done).containsEntry("outcome", "completed");
        assertThat((String) done.get("result")).contains("greeting.txt");
        assertThat(text(bob.call("get_transcript", Map.of("session", WRITES, "task_id", taskId))))
                .contains("German");
    }

    @Test
    void anApprovalLetsRooWriteTheFileAndADenialTellsRooWhy() {
        Map<String, Object> waiting = startUntilInput(ASKS, "Add a usage section to the README", "approval");
        String taskId = (String) waiting.get("task_id");
        assertThat(map(waiting.get("pending_ask")))
                .containsEntry("path", "README.md")
                .containsKey("diff")
                .containsEntry("answer_with", List.of("approve_ask", "deny_ask"));

        CallToolResult approve = bob.call("approve_ask", Map.of("session", ASKS));
        assertThat(approve.isError()).as(text(approve)).isFalse();
        Map<String, Object> written = waitFor(ASKS, taskId);
        assertThat(written).containsEntry("outcome", "completed");
        assertThat((String) written.get("result")).doesNotContain("No changes made");
        // The ask is answered: approving again approves nothing.
        CallToolResult twice = bob.call("approve_ask", Map.of("session", ASKS, "task_id", taskId));
        assertThat(twice.isError()).isTrue();

        Map<String, Object> again = startUntilInput(ASKS, "Add a usage section to the README", "approval");
        CallToolResult denied = bob.call(
                "deny_ask", Map.of("session", ASKS, "feedback", "Leave the README alone; document it in USAGE.md"));
        assertThat(denied.isError()).as(text(denied)).isFalse();
        Map<String, Object> done = waitFor(ASKS, (String) again.get("task_id"));
        assertThat(done).containsEntry("outcome", "completed");
        assertThat((String) done.get("result")).contains("No changes made");
    }

    @Test
    void aWaitReportsProgressAndACancelledTaskEndsAbortedAndGoesOnAfterAResume() throws Exception {
        String taskId = start(WRITES, "Write a long 200000 character essay");
        CompletableFuture<CallToolResult> waiting = CompletableFuture.supplyAsync(() -> bob.callWithProgress(
                "wait_for_task", Map.of("session", WRITES, "task_id", taskId, "timeout_seconds", 300), "cancel"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !bob.progressMessages("cancel").isEmpty());
        assertThat(bob.progressMessages("cancel").get(0))
                .isEqualTo("waiting up to 300 s for task " + taskId + " in session " + WRITES);

        CallToolResult cancelled = bob.call("cancel_task", Map.of("session", WRITES, "task_id", taskId));
        assertThat(cancelled.isError()).as(text(cancelled)).isFalse();
        Map<String, Object> aborted = structured(waiting.get(120, TimeUnit.SECONDS));
        assertThat(aborted).containsEntry("outcome", "aborted").containsEntry("task_id", taskId);
        assertThat((String) aborted.get("next")).contains("resume");
        // The client hands notifications to its consumer on a thread of its own, so the last ones may
        // follow the result.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bob.progressMessages("cancel"))
                .as("progress while waiting")
                .contains("task " + taskId + " is aborted"));

        CallToolResult resumed = bob.call("resume_task", Map.of("session", WRITES, "task_id", taskId));
        assertThat(resumed.isError()).as(text(resumed)).isFalse();
        assertThat(map(structured(resumed).get("pending_ask"))).containsEntry("kind", "resume_task");

        CallToolResult message = bob.call(
                "answer_followup", Map.of("session", WRITES, "task_id", taskId, "answer", "Continue, briefly"));
        assertThat(message.isError()).as(text(message)).isFalse();
        Map<String, Object> done = waitFor(WRITES, taskId);
        assertThat(done).containsEntry("outcome", "completed");
        assertThat((String) done.get("result")).contains("Resumed and finished");
    }

    @Test
    void aViewerIsRefusedWithTheReasonAndWhatToDoInstead() {
        String token = relay.agentToken("watcher", Role.VIEWER, WRITES);
        try (McpServerProcess carol =
                McpServerProcess.start(relay.url(), token, relay.fingerprint(), home.resolve("carol.json"))) {
            CallToolResult sessions = carol.call("list_sessions", Map.of());
            assertThat(sessions.isError()).as(text(sessions)).isFalse();
            assertThat(structured(sessions)).containsEntry("role", "viewer");

            CallToolResult refused = carol.call("start_task", Map.of("session", WRITES, "prompt", "Add a changelog"));
            assertThat(refused.isError()).isTrue();
            assertThat(error(refused)).containsEntry("code", "forbidden");
            assertThat((String) error(refused).get("next")).contains("viewer").contains("operator");
            assertThat(text(refused)).contains("forbidden").doesNotContain(token);
            assertThat(carol.stderr()).doesNotContain(token);
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgumentAndTheFix() {
        assertBad(bob.call("start_task", Map.of("session", WRITES)), "prompt", "missing");
        assertBad(bob.call("start_task", Map.of("session", WRITES, "prompt", 42)), "prompt", "must be a string");
        assertBad(
                bob.call("wait_for_task", Map.of("session", WRITES, "timeout_seconds", "soon")),
                "timeout_seconds",
                "whole number");
        assertBad(
                bob.call("wait_for_task", Map.of("session", WRITES, "timeout_seconds", 0)),
                "timeout_seconds",
                "from 1 to 1800, not 0");
        assertBad(
                bob.call("wait_for_task", Map.of("session", WRITES, "timeout_seconds", 86400)),
                "timeout_seconds",
                "from 1 to 1800");
        assertBad(
                bob.call("start_task", Map.of("session", WRITES, "prompt", "x", "on_followup", "maybe")),
                "on_followup",
                "stop, first_suggestion, answer");
        assertBad(
                bob.call("start_task", Map.of("session", WRITES, "prompt", "x", "images", List.of("/no/such.png"))),
                "images",
                "no such file");
        assertBad(bob.call("list_sessions", Map.of("verbose", true)), "verbose", "no such argument");
        assertBad(bob.call("get_transcript", Map.of("session", WRITES)), "task_id", "missing");

        CallToolResult unknown = bob.call("start_task", Map.of("session", "nope", "prompt", "x"));
        assertThat(unknown.isError()).isTrue();
        assertThat(error(unknown)).containsEntry("code", "unknown_session");
        assertThat((String) error(unknown).get("message")).contains("there are: " + WRITES + ", " + ASKS);
        assertThat((String) error(unknown).get("next")).contains("list_sessions");

        CallToolResult noTask = bob.call("get_transcript", Map.of("session", WRITES, "task_id", "no-such-task"));
        assertThat(noTask.isError()).isTrue();
        assertThat(error(noTask)).containsEntry("code", "unknown_task");
        assertThat(bob.stderr()).doesNotContain(bobToken);
    }

    private static void assertBad(CallToolResult result, String argument, String problem) {
        assertThat(result.isError()).as(text(result)).isTrue();
        assertThat(error(result)).containsEntry("code", "bad_argument").containsEntry("argument", argument);
        assertThat((String) error(result).get("message"))
                .contains("'" + argument + "'")
                .contains(problem);
        assertThat(text(result)).contains(argument).contains("Next:");
    }

    /** Starts a task that stops to wait for input for {@code reason}, and returns what wait_for_task says then. */
    private static Map<String, Object> startUntilInput(String session, String prompt, String reason) {
        Map<String, Object> outcome = waitFor(session, start(session, prompt));
        assertThat(outcome).containsEntry("outcome", "needs-input").containsEntry("reason", reason);
        return outcome;
    }

    private static Map<String, Object> waitFor(String session, String taskId) {
        CallToolResult waited = bob.call("wait_for_task", Map.of("session", session, "task_id", taskId));
        assertThat(waited.isError()).as(text(waited)).isFalse();
        return structured(waited);
    }

    private static String start(String session, String prompt) {
        CallToolResult started = bob.call("start_task", Map.of("session", session, "prompt", prompt));
        assertThat(started.isError()).as(text(started)).isFalse();
        return (String) structured(started).get("task_id");
    }

    private static void allowWrites(String session, boolean allow) throws Exception {
        JsonNode value = RooJson.nodes().booleanNode(allow);
        admin.updateSettings(session, Map.of("autoApprovalEnabled", value, "alwaysAllowWrite", value))
                .get(30, TimeUnit.SECONDS);
    }
}
