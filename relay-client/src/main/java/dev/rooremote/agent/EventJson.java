package dev.rooremote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import java.util.Optional;

/**
 * The NDJSON lines of {@code run --json} and {@code watch --json}; the field names are documented
 * in AGENT.md and stable. A relay event becomes {@code {"session","seq","time","kind",...}} with the
 * event's own fields as in the relay protocol; a complete (non-partial) message also carries
 * {@code fullText} (and {@code fullReasoning}), the whole text rebuilt from the deltas.
 */
final class EventJson {

    private EventJson() {}

    static ObjectNode event(ServerMessage.Event e, WatchedSession session) {
        ObjectNode line = RooJson.object();
        line.put("session", e.sessionId());
        line.put("seq", e.seq());
        line.put("time", e.time());
        JsonNode body = RooJson.toTree(e.event());
        if (body instanceof ObjectNode object) {
            if (!object.has("kind") && e.event() instanceof SessionEvent.Unknown u && u.kind() != null) {
                line.put("kind", u.kind());
            }
            line.setAll(object);
        }
        if (e.event() instanceof SessionEvent.Message m && !m.message().isPartial()) {
            Optional<ClineMessage> full =
                    session.read(s -> s.message(m.taskId(), m.message().ts()));
            full.ifPresent(message -> {
                if (message.text() != null) {
                    line.put("fullText", message.text());
                }
                if (message.reasoning() != null) {
                    line.put("fullReasoning", message.reasoning());
                }
            });
        }
        return line;
    }

    /** A line roo-agent itself adds (run_started, answer_sent, outcome), with {@code kind} first. */
    static ObjectNode own(String kind, String session) {
        ObjectNode line = RooJson.object();
        line.put("kind", kind);
        line.put("session", session);
        return line;
    }

    static String write(JsonNode node) {
        return RooJson.write(node);
    }
}
