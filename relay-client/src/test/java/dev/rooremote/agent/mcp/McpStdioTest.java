package dev.rooremote.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.RelayFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdio contract a host relies on, seen from the bytes: standard output carries MCP's JSON-RPC
 * messages and nothing else, secrets appear on neither stream, and the server ends when its input does.
 */
class McpStdioTest {

    @TempDir
    Path home;

    @Test
    void standardOutputIsOnlyJsonRpcAndTheServerEndsWithItsInput() throws Exception {
        try (RelayFixture relay = RelayFixture.builder().demoSessions(1).start()) {
            String token = relay.agentToken("manager", Role.OPERATOR, "demo-1");
            List<String> command = new ArrayList<>();
            command.add(McpServerProcess.command());
            command.addAll(McpServerProcess.arguments());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("ROO_RELAY_URL", relay.url());
            builder.environment().put("ROO_RELAY_TOKEN", token);
            builder.environment().put("ROO_RELAY_FINGERPRINT", relay.fingerprint());
            builder.environment()
                    .put("ROO_AGENT_CONFIG", home.resolve("agent.json").toString());
            Process process = builder.start();
            Drained out = new Drained(process.getInputStream());
            Drained err = new Drained(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                send(
                        in,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
                send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                send(
                        in,
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                                + "\"list_sessions\",\"arguments\":{}}}");
                send(
                        in,
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                                + "\"get_settings\",\"arguments\":{\"session\":\"demo-1\"}}}");
                waitForAnswer(out, 3);
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("the server ends when its input ends")
                    .isTrue();
            assertThat(process.exitValue()).isZero();

            List<String> lines = out.all.get().lines().toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
            for (String line : lines) {
                JsonNode message = RooJson.parse(line);
                assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
            }
            assertThat(out.all.get()).contains("demo-1").doesNotContain(token);
            assertThat(err.all.get()).doesNotContain(token);
        }
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits until standard output holds the answer to request {@code id}. */
    private static void waitForAnswer(Drained out, int id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> out.text.toString().contains("\"id\":" + id + ","));
    }

    /** A stream read to its end on its own thread, so that neither pipe of the process fills up. */
    private static final class Drained {
        final StringBuffer text = new StringBuffer();
        final CompletableFuture<String> all = new CompletableFuture<>();

        Drained(InputStream stream) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (stream) {
                    int n;
                    while ((n = stream.read(buffer)) >= 0) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process ended
                }
                all.complete(text.toString());
            });
            reader.setDaemon(true);
            reader.start();
        }
    }
}
