package dev.rooremote.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.RelayFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP Inspector's command-line mode as an independent client of {@code roo-agent mcp}:
 * it starts the server from an {@code mcpServers} configuration, as agent hosts do, lists the tools
 * (with its schema portability check) and runs a task from start to outcome. The build installs the
 * Inspector into target/mcp-inspector (npm ci); without it, the test is skipped and says why.
 */
class McpInspectorTest {

    @TempDir
    static Path home;

    private static RelayFixture relay;
    private static Path launcher;
    private static Path config;

    @BeforeAll
    static void start() throws IOException {
        assumeFalse(Boolean.getBoolean("mcp.inspector.skip"), "skipped: -Dmcp.inspector.skip=true");
        Path dir = Path.of(System.getProperty("mcp.inspector.dir", "target/mcp-inspector"));
        launcher = dir.resolve("node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
        assumeTrue(
                Files.isRegularFile(launcher),
                "skipped: the MCP Inspector is not installed in " + dir
                        + " (the build installs it with 'npm ci'; it needs node and npm)");
        relay = RelayFixture.builder().demoSessions(1).start();
        ObjectNode server = RooJson.object();
        server.put("command", McpServerProcess.command());
        McpServerProcess.arguments().forEach(server.putArray("args")::add);
        ObjectNode env = server.putObject("env");
        env.put("ROO_RELAY_URL", relay.url());
        env.put("ROO_RELAY_TOKEN", relay.agentToken("inspector", Role.OPERATOR, "demo-1"));
        env.put("ROO_RELAY_FINGERPRINT", relay.fingerprint());
        env.put("ROO_AGENT_CONFIG", home.resolve("agent.json").toString());
        ObjectNode file = RooJson.object();
        file.putObject("mcpServers").set("roo", server);
        config = home.resolve("mcp.json");
        Files.writeString(config, RooJson.write(file));
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void listsTheToolsWithPortableSchemas() throws Exception {
        Inspected listed = inspect("--method", "tools/list", "--strict");
        assertThat(listed.code()).as(listed.err()).isZero();
        List<String> names = new ArrayList<>();
        listed.json().path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(McpServerProcess.TOOLS);
        assertThat(listed.err()).as("the Inspector's schema portability check").doesNotContain("Warning:");
    }

    @Test
    void callsListSessionsAndRunsATaskToItsOutcome() throws Exception {
        Inspected sessions = inspect("--method", "tools/call", "--tool-name", "list_sessions");
        assertThat(sessions.code()).as(sessions.err()).isZero();
        JsonNode listed = sessions.json().path("structuredContent").path("sessions");
        assertThat(listed.get(0).path("session").asText()).isEqualTo("demo-1");
        assertThat(listed.get(0).path("connection").asText()).isEqualTo("connected");

        Inspected started = inspect(
                "--method",
                "tools/call",
                "--tool-name",
                "start_task",
                "--tool-arg",
                "session=demo-1",
                "prompt=Write a long 400 character essay about relays");
        assertThat(started.code()).as(started.err()).isZero();
        String taskId = started.json().path("structuredContent").path("task_id").asText();
        assertThat(taskId).isNotBlank();

        Inspected waited = inspect(
                "--method",
                "tools/call",
                "--tool-name",
                "wait_for_task",
                "--tool-arg",
                "session=demo-1",
                "task_id=" + taskId,
                "timeout_seconds=120");
        assertThat(waited.code()).as(waited.err()).isZero();
        JsonNode outcome = waited.json().path("structuredContent");
        assertThat(outcome.path("outcome").asText()).isEqualTo("completed");
        assertThat(outcome.path("task_id").asText()).isEqualTo(taskId);
        assertThat(outcome.path("result").asText()).contains("long explanation");
        assertThat(waited.json().path("isError").asBoolean()).isFalse();
    }

    private record Inspected(int code, String out, String err) {
        JsonNode json() {
            return RooJson.parse(out);
        }
    }

    /** One run of the Inspector's CLI against the configured server. */
    private static Inspected inspect(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("node", launcher.toString(), "--cli", "--config", config.toString(), "--server", "roo"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().remove("MCP_CATALOG_PATH");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("MCP_INSPECTOR_SECRET_STORE", "memory");
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the Inspector did not end within 180 s: " + err.getNow(""));
        }
        return new Inspected(process.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
