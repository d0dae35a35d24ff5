package dev.rooremote.agent.mcp;

import dev.rooremote.agent.RooAgent;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code roo-agent mcp} as an agent host runs it: a child process (a JVM on the test class path) on
 * stdio, driven by the MCP Java SDK's own client, with what the host hears besides the results
 * (progress notifications, resource updates, the server's standard error).
 */
final class McpServerProcess implements AutoCloseable {

    /** Every tool the server has. */
    static final List<String> TOOLS = List.of(
            "list_sessions",
            "start_task",
            "wait_for_task",
            "answer_followup",
            "approve_ask",
            "deny_ask",
            "cancel_task",
            "resume_task",
            "get_transcript",
            "list_history",
            "get_settings");

    final McpSyncClient client;
    final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
    final List<ResourceContents> updates = new CopyOnWriteArrayList<>();
    private final StringBuffer stderr = new StringBuffer();

    private McpServerProcess(Map<String, String> env) {
        ServerParameters parameters =
                ServerParameters.builder(command()).args(arguments()).env(env).build();
        StdioClientTransport transport = new StdioClientTransport(parameters, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> {
            stderr.append(line).append('\n');
            System.err.println("[roo-agent mcp] " + line);
        });
        client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(120))
                .initializationTimeout(Duration.ofSeconds(60))
                .progressConsumer(progress::add)
                .resourcesUpdateConsumer(updates::addAll)
                .build();
        client.initialize();
    }

    /** Starts the server for the relay at {@code url} with an agent token; its stored-login file is {@code config}. */
    static McpServerProcess start(String url, String token, String fingerprint, Path config) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ROO_RELAY_URL", url);
        env.put("ROO_RELAY_TOKEN", token);
        env.put("ROO_RELAY_FINGERPRINT", fingerprint);
        env.put("ROO_AGENT_CONFIG", config.toString());
        return new McpServerProcess(env);
    }

    /** The java command and its arguments that start {@code roo-agent mcp}. */
    static String command() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> arguments() {
        return List.of("-cp", System.getProperty("java.class.path"), RooAgent.class.getName(), "mcp");
    }

    CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, arguments));
    }

    /** A call that asks for progress notifications under {@code token}. */
    CallToolResult callWithProgress(String tool, Map<String, Object> arguments, String token) {
        return client.callTool(CallToolRequest.builder(tool)
                .arguments(arguments)
                .progressToken(token)
                .build());
    }

    /** The progress messages sent under {@code token}, in order. */
    List<String> progressMessages(String token) {
        return progress.stream()
                .filter(p -> token.equals(p.progressToken()))
                .map(ProgressNotification::message)
                .toList();
    }

    static Map<String, Object> structured(CallToolResult result) {
        return map(result.structuredContent());
    }

    static Map<String, Object> error(CallToolResult result) {
        return map(structured(result).get("error"));
    }

    /** A JSON object of a result, as the client decoded it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    static String text(CallToolResult result) {
        return result.content().stream()
                .filter(TextContent.class::isInstance)
                .map(c -> ((TextContent) c).text())
                .reduce("", String::concat);
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
