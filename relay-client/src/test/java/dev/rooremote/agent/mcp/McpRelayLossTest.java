package dev.rooremote.agent.mcp;

import static dev.rooremote.agent.mcp.McpServerProcess.error;
import static dev.rooremote.agent.mcp.McpServerProcess.structured;
import static dev.rooremote.agent.mcp.McpServerProcess.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.testsupport.RelayFixture;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay goes away while an agent waits on a task: the wait ends with a tool error that says so,
 * and the server lives on and answers later calls with the same error instead of dying.
 */
class McpRelayLossTest {

    @TempDir
    Path home;

    @Test
    void losingTheRelayMidWaitIsAToolErrorAndTheServerGoesOn() throws Exception {
        // Roo starts the task at once, then streams one fragment an hour: the task stays running.
        DemoRoo.Timing stalled = new DemoRoo.Timing(
                Duration.ofHours(1), Duration.ofMillis(2), Duration.ofMillis(3), Duration.ofMillis(150));
        RelayFixture relay =
                RelayFixture.builder().demoSessions(1).demoTiming(stalled).start();
        try (McpServerProcess agent = McpServerProcess.start(
                relay.url(),
                relay.agentToken("manager", Role.OPERATOR, "demo-1"),
                relay.fingerprint(),
                home.resolve("agent.json"))) {
            CallToolResult started = agent.call(
                    "start_task", Map.of("session", "demo-1", "prompt", "Add a usage section to the README"));
            assertThat(started.isError()).as(text(started)).isFalse();
            String taskId = (String) structured(started).get("task_id");

            CompletableFuture<CallToolResult> waiting = CompletableFuture.supplyAsync(() -> agent.callWithProgress(
                    "wait_for_task", Map.of("session", "demo-1", "task_id", taskId, "timeout_seconds", 600), "w"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !agent.progressMessages("w").isEmpty());
            relay.close();

            CallToolResult lost = waiting.get();
            assertThat(lost.isError()).as(text(lost)).isTrue();
            assertThat(error(lost)).containsEntry("code", "relay_unreachable");
            assertThat((String) error(lost).get("message")).contains("not connected to the relay");
            assertThat((String) error(lost).get("next")).contains("call again");

            CallToolResult later = agent.call("list_sessions", Map.of());
            assertThat(later.isError()).as(text(later)).isTrue();
            assertThat(error(later)).containsEntry("code", "relay_unreachable");
            assertThat(agent.client.ping()).isNotNull();
        } finally {
            relay.close();
        }
    }
}
