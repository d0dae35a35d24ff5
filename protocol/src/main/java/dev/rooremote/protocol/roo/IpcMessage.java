package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of Roo's IPC (Roo's {@code ipcMessageSchema}): the {@code data} part of a node-ipc frame
 * {@code {"type":"message","data":<IpcMessage>}}. Reading never fails: whatever is not a well-formed Ack,
 * TaskCommand or TaskEvent becomes an {@link UnknownIpcMessage} holding the JSON as received.
 */
@JsonSerialize(using = RooCodec.IpcMessageSerializer.class)
@JsonDeserialize(using = RooCodec.IpcMessageDeserializer.class)
public sealed interface IpcMessage {

    String ORIGIN_CLIENT = "client";
    String ORIGIN_SERVER = "server";

    /** The wire {@code type}: Ack, TaskCommand or TaskEvent (or whatever an unknown message said). */
    String type();

    /** Who sends this message: {@value #ORIGIN_SERVER} or {@value #ORIGIN_CLIENT}. */
    String origin();

    default ObjectNode toJson() {
        return RooCodec.encodeMessage(this);
    }

    /** Reads the {@code data} part of a frame. Never throws; malformed input gives {@link UnknownIpcMessage}. */
    static IpcMessage fromJson(JsonNode json) {
        return RooCodec.decodeMessage(json);
    }

    /** Sent by Roo right after a client connects; the client puts {@code clientId} in every command. */
    record Ack(String clientId, long pid, long ppid, Map<String, JsonNode> extra) implements IpcMessage {
        public Ack {
            Objects.requireNonNull(clientId, "clientId");
            extra = Extras.copy(extra);
        }

        public Ack(String clientId, long pid, long ppid) {
            this(clientId, pid, ppid, null);
        }

        @Override
        public String type() {
            return "Ack";
        }

        @Override
        public String origin() {
            return ORIGIN_SERVER;
        }
    }

    /** A command from a client; Roo answers queries only to the client whose id is given here. */
    record TaskCommandMessage(String clientId, TaskCommand command, Map<String, JsonNode> extra) implements IpcMessage {
        public TaskCommandMessage {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(command, "command");
            extra = Extras.copy(extra);
        }

        public TaskCommandMessage(String clientId, TaskCommand command) {
            this(clientId, command, null);
        }

        @Override
        public String type() {
            return "TaskCommand";
        }

        @Override
        public String origin() {
            return ORIGIN_CLIENT;
        }
    }

    /**
     * An event Roo broadcasts. {@code extra} keeps unknown keys of the message itself (e.g.
     * {@code relayClientId}); {@code eventExtra} keeps unknown keys next to {@code eventName} and
     * {@code payload} (e.g. Roo's numeric {@code taskId} on non-eval events).
     */
    record TaskEventMessage(TaskEvent event, Map<String, JsonNode> extra, Map<String, JsonNode> eventExtra)
            implements IpcMessage {
        public TaskEventMessage {
            Objects.requireNonNull(event, "event");
            extra = Extras.copy(extra);
            eventExtra = Extras.copy(eventExtra);
        }

        public TaskEventMessage(TaskEvent event) {
            this(event, null, null);
        }

        @Override
        public String type() {
            return "TaskEvent";
        }

        @Override
        public String origin() {
            return ORIGIN_SERVER;
        }

        /** Set by Roo when the event answers one client's query. */
        public Optional<String> relayClientId() {
            JsonNode v = extra.get("relayClientId");
            return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
        }
    }

    /** A message this version cannot read as one of the above, kept exactly as received. */
    record UnknownIpcMessage(JsonNode raw) implements IpcMessage {
        public UnknownIpcMessage {
            raw = raw == null ? RooJson.nodes().nullNode() : raw.deepCopy();
        }

        @Override
        public String type() {
            JsonNode t = raw.get("type");
            return t != null && t.isTextual() ? t.textValue() : "";
        }

        @Override
        public String origin() {
            JsonNode o = raw.get("origin");
            return o != null && o.isTextual() ? o.textValue() : "";
        }
    }
}
