package dev.rooremote.agent;

import dev.rooremote.agent.mcp.RooMcpServer;
import dev.rooremote.client.RelayClient;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "mcp",
        mixinStandardHelpOptions = true,
        description = {
            "Serve roo-agent's commands as an MCP server on standard input and output, for AI agent hosts.",
            "%nAn agent host (Claude Code, Claude Desktop, Cursor, VS Code, or an agent built on an MCP SDK) starts"
                    + " this command and calls its tools: list_sessions, start_task, wait_for_task, answer_followup,"
                    + " approve_ask, deny_ask, cancel_task, resume_task, get_transcript, list_history, get_settings."
                    + " Its resources are the session list, each session's status and each task's transcript, with"
                    + " subscriptions. It connects like every command (options, then environment, then the stored"
                    + " login) and keeps reconnecting while the relay is away: tools then report the relay as"
                    + " unreachable instead of failing the server. Standard output carries MCP messages only; logs go"
                    + " to standard error. Runs until standard input ends. Register it with a host, for example:"
                    + " claude mcp add roo -- java -jar roo-agent.jar mcp (see AGENT.md)."
        })
final class McpCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        quietLogging();
        RelayClient.Builder builder = connection.builder(agent).retryFirstConnect(true);
        PrintStream stray = System.out;
        System.setOut(agent.err());
        try (RelayClient client = builder.build()) {
            client.connect().exceptionally(error -> null);
            new RooMcpServer(client, connection.connectTimeout).serve(agent.in(), agent.out());
            return ExitCodes.OK;
        } finally {
            System.setOut(stray);
        }
    }

    /** The MCP SDK's SLF4J logging: warnings and errors only, on standard error, unless told otherwise. */
    private static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
