package dev.rooremote.agent.mcp;

import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayConnectionException;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * Roo Remote as an MCP server on stdio, for AI agents (project managers, reviewers) that give Roo
 * tasks and review the results: the tools of {@link ToolCatalog} and the resources of
 * {@link ResourceCatalog}, over one {@link RelayClient}. Standard output carries MCP's JSON-RPC
 * messages and nothing else.
 */
public final class RooMcpServer {

    static final String INSTRUCTIONS = "Roo is a coding agent (Roo Code in VS Code), reached through a relay; each"
            + " session is one Roo working in one project. To get work done: list_sessions to pick a connected"
            + " session; start_task with a clear prompt; wait_for_task until it returns an outcome (call it again on"
            + " 'timeout'); on 'needs-input' answer with the tool it names (answer_followup, or approve_ask /"
            + " deny_ask); when 'completed', review with get_transcript and accept the work, or send feedback with"
            + " answer_followup, or start a follow-up task. Every result's 'next' field says what to do next;"
            + " errors say why and what to do about it.";

    private static final System.Logger LOG = System.getLogger(RooMcpServer.class.getName());

    private final RelayClient client;
    private final Duration connectWait;

    /** {@code connectWait}: how long a tool call waits for the relay while the first connection is made. */
    public RooMcpServer(RelayClient client, Duration connectWait) {
        this.client = client;
        this.connectWait = connectWait;
    }

    /** Serves MCP on {@code in} and {@code out} until {@code in} ends; the relay client stays open. */
    public void serve(InputStream in, OutputStream out) {
        Relay relay = new Relay(client, connectWait);
        EndOfInput input = new EndOfInput(in);
        try (ResourceUpdates updates = new ResourceUpdates(client)) {
            TaskRuns runs = new TaskRuns(relay, updates);
            ResourceCatalog resources = new ResourceCatalog(relay);
            McpSyncServer server = McpServer.sync(
                            new StdioServerTransportProvider(McpJsonDefaults.getMapper(), input, out))
                    .serverInfo("roo-agent", RelayClient.VERSION)
                    .instructions(INSTRUCTIONS)
                    .capabilities(ServerCapabilities.builder()
                            .tools(false)
                            .resources(true, false)
                            .build())
                    .validateToolInputs(false)
                    .tools(tools(relay, runs))
                    .resources(resources.sessions())
                    .resourceTemplates(resources.templates())
                    .build();
            updates.start(server.getAsyncServer());
            input.ended().join();
            server.closeGracefully();
        }
    }

    /** One tool's work, given its checked arguments. */
    private interface Handler {
        CallToolResult call(McpSyncServerExchange exchange, CallToolRequest request, Arguments args)
                throws InterruptedException;
    }

    private static List<SyncToolSpecification> tools(Relay relay, TaskRuns runs) {
        SessionTools sessions = new SessionTools(relay);
        TaskTools tasks = new TaskTools(relay, runs);
        TaskWait wait = new TaskWait(runs);
        return List.of(
                bind(ToolCatalog.listSessions(), (x, r, a) -> sessions.listSessions()),
                bind(ToolCatalog.startTask(), (x, r, a) -> tasks.start(a)),
                bind(ToolCatalog.waitForTask(), wait::call),
                bind(ToolCatalog.answerFollowup(), (x, r, a) -> tasks.answerFollowup(a)),
                bind(ToolCatalog.approveAsk(), (x, r, a) -> tasks.approve(a)),
                bind(ToolCatalog.denyAsk(), (x, r, a) -> tasks.deny(a)),
                bind(ToolCatalog.cancelTask(), (x, r, a) -> tasks.cancel(a)),
                bind(ToolCatalog.resumeTask(), (x, r, a) -> tasks.resume(a)),
                bind(ToolCatalog.getTranscript(), (x, r, a) -> sessions.getTranscript(a)),
                bind(ToolCatalog.listHistory(), (x, r, a) -> sessions.listHistory(a)),
                bind(ToolCatalog.getSettings(), (x, r, a) -> sessions.getSettings(a)));
    }

    private static SyncToolSpecification bind(Tool tool, Handler handler) {
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> guarded(tool, handler, exchange, request))
                .build();
    }

    /** Any failure becomes a tool error result that says why and what to do; the server goes on. */
    private static CallToolResult guarded(
            Tool tool, Handler handler, McpSyncServerExchange exchange, CallToolRequest request) {
        try {
            return handler.call(exchange, request, new Arguments(request.arguments(), ToolCatalog.arguments(tool)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResults.failed(new RelayConnectionException("the call was interrupted"));
        } catch (RuntimeException e) {
            Refusals refusal = Refusals.of(e);
            if (refusal.code().equals("internal_error")) {
                LOG.log(System.Logger.Level.WARNING, tool.name() + " failed: " + refusal.message(), e);
            }
            return ToolResults.failed(e);
        }
    }
}
