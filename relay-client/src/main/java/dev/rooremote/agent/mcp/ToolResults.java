package dev.rooremote.agent.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;

/** Tool results: structured content for programs, and the same facts as text for the model. */
final class ToolResults {

    private ToolResults() {}

    static CallToolResult ok(Map<String, Object> structured, String text) {
        return CallToolResult.builder()
                .content(List.of(new TextContent(text)))
                .structuredContent(structured)
                .isError(false)
                .build();
    }

    /** A failed call (isError): the model reads why and what to do next; the server goes on. */
    static CallToolResult failed(Throwable failure) {
        Refusals refusal = Refusals.of(failure);
        return CallToolResult.builder()
                .content(List.of(new TextContent(refusal.text())))
                .structuredContent(refusal.structured())
                .isError(true)
                .build();
    }
}
