package dev.rooremote.agent.mcp;

import dev.rooremote.client.TranscriptMarkdown;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.roo.RooJson;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources: the session list, each session's status, and each task's transcript (Markdown).
 * Hosts may subscribe to them; {@link ResourceUpdates} tells subscribers when they change. The list and
 * the status are read from the relay's pushes, which keep them current, so that a host reading them on
 * every change costs the relay nothing.
 */
final class ResourceCatalog {

    static final String SESSIONS = "roo://sessions";
    static final String STATUS_TEMPLATE = "roo://sessions/{session}/status";
    static final String TRANSCRIPT_TEMPLATE = "roo://sessions/{session}/tasks/{task}/transcript";

    private static final Pattern STATUS = Pattern.compile("roo://sessions/([^/]+)/status");
    private static final Pattern TRANSCRIPT = Pattern.compile("roo://sessions/([^/]+)/tasks/([^/]+)/transcript");

    private final Relay relay;

    ResourceCatalog(Relay relay) {
        this.relay = relay;
    }

    static String status(String sessionId) {
        return "roo://sessions/" + sessionId + "/status";
    }

    static String transcript(String sessionId, String taskId) {
        return "roo://sessions/" + sessionId + "/tasks/" + taskId + "/transcript";
    }

    SyncResourceSpecification sessions() {
        Resource resource = Resource.builder(SESSIONS, "sessions")
                .title("Roo sessions")
                .description("The sessions you may use, as list_sessions returns them (JSON).")
                .mimeType("application/json")
                .build();
        return new SyncResourceSpecification(
                resource,
                (exchange, request) -> read(request.uri(), () -> {
                    List<SessionInfo> sessions = relay.client().knownSessions();
                    return RooJson.write(sessions.stream().map(Views::session).toList());
                }));
    }

    List<SyncResourceTemplateSpecification> templates() {
        ResourceTemplate status = ResourceTemplate.builder(STATUS_TEMPLATE, "session-status")
                .title("Roo session status")
                .description("A session's connection, current task with state and cost, and pending ask (JSON)."
                        + " Subscribe to hear when it changes.")
                .mimeType("application/json")
                .build();
        ResourceTemplate transcript = ResourceTemplate.builder(TRANSCRIPT_TEMPLATE, "task-transcript")
                .title("Roo task transcript")
                .description("A task's transcript for review, in Markdown, as get_transcript gives it. Subscribe"
                        + " to hear when it grows.")
                .mimeType("text/markdown")
                .build();
        return List.of(
                new SyncResourceTemplateSpecification(
                        status,
                        (exchange, request) -> read(request.uri(), () -> {
                            Matcher m = match(STATUS, request.uri());
                            return RooJson.write(Views.session(relay.knownSession(m.group(1))));
                        })),
                new SyncResourceTemplateSpecification(
                        transcript,
                        (exchange, request) -> read(request.uri(), () -> {
                            Matcher m = match(TRANSCRIPT, request.uri());
                            AckResult.Transcript t = relay.await(relay.client().transcript(m.group(1), m.group(2)));
                            return TranscriptMarkdown.render(t.sessionId(), t.task(), t.messages());
                        })));
    }

    private interface Reader {
        String read() throws InterruptedException;
    }

    private ReadResourceResult read(String uri, Reader reader) {
        try {
            relay.requireConnected();
            String text = reader.read();
            String type = uri.endsWith("/transcript") ? "text/markdown" : "application/json";
            return new ReadResourceResult(List.of(new TextResourceContents(uri, type, text)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(uri, e);
        } catch (McpError e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(uri, e);
        }
    }

    private static Matcher match(Pattern pattern, String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri);
        }
        return m;
    }

    private static McpError failure(String uri, Throwable e) {
        Refusals refusal = Refusals.of(e);
        return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                .message("cannot read " + uri + ": " + refusal.text())
                .data(refusal.structured())
                .build();
    }
}
