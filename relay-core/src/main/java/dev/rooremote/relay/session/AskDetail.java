package dev.rooremote.relay.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.RooJson;

/**
 * What an answered ask was about, in a line for the audit log and the session's user actions: the tool
 * and its path, the command line, or the MCP server and tool. Never a file's content or a diff.
 */
final class AskDetail {

    private static final int MAX = 300;

    private AskDetail() {}

    /** From the bridge's approve/deny result ({@code ask} and {@code detail}, docs/BRIDGE.md). */
    static String ofBridge(JsonNode result) {
        String ask = result == null ? "" : result.path("ask").asText("");
        return describe(ask, result == null ? RooJson.object() : result.path("detail"));
    }

    /** From the ask as the relay saw it: a command's text is its command line, a tool's is JSON. */
    static String ofAsk(AskKind kind, String text) {
        String ask = kind == null ? "" : kind.value();
        var detail = RooJson.object();
        if (AskKind.COMMAND.equals(kind)) {
            detail.put("command", text == null ? "" : text);
        } else {
            JsonNode json = RooJson.parseObject(text).orElse(RooJson.object());
            for (String field : new String[] {"tool", "path", "serverName", "toolName", "uri", "isOutsideWorkspace"}) {
                JsonNode value = json.get(field);
                if (value != null && (value.isTextual() || value.isBoolean())) {
                    detail.set(field, value);
                }
            }
        }
        return describe(ask, detail);
    }

    private static String describe(String ask, JsonNode detail) {
        StringBuilder out = new StringBuilder();
        switch (ask) {
            case "command" ->
                out.append("command: ").append(detail.path("command").asText(""));
            case "tool" -> {
                out.append("tool ").append(detail.path("tool").asText("?"));
                if (detail.hasNonNull("path")) {
                    out.append(' ').append(detail.get("path").asText());
                }
                if (detail.path("isOutsideWorkspace").asBoolean(false)) {
                    out.append(" (outside the workspace)");
                }
            }
            case "use_mcp_server" -> {
                out.append("MCP ").append(detail.path("serverName").asText("?"));
                String target = detail.hasNonNull("toolName")
                        ? detail.get("toolName").asText()
                        : detail.path("uri").asText("");
                if (!target.isEmpty()) {
                    out.append(' ').append(target);
                }
            }
            default -> out.append(ask.isEmpty() ? "ask" : ask);
        }
        if (detail.path("isProtected").asBoolean(false)) {
            out.append(" (protected file)");
        }
        String text = out.toString().replaceAll("[\\r\\n]+", " ");
        return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }
}
