package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.ClineMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in a session. The relay numbers each one per session and keeps it in the
 * session's event log; {@link ServerMessage.Event} carries it with its sequence number. Folding a
 * session's events in order with {@link SessionState} gives the session's state and transcripts.
 *
 * <p>Kinds are only ever added: a kind this side does not know arrives as {@link Unknown}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind", defaultImpl = SessionEvent.Unknown.class, visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = SessionEvent.Connection.class, name = "connection"),
    @JsonSubTypes.Type(value = SessionEvent.TaskStarted.class, name = "task_started"),
    @JsonSubTypes.Type(value = SessionEvent.TaskStateChanged.class, name = "task_state"),
    @JsonSubTypes.Type(value = SessionEvent.Message.class, name = "message"),
    @JsonSubTypes.Type(value = SessionEvent.AskPending.class, name = "ask_pending"),
    @JsonSubTypes.Type(value = SessionEvent.AskResolved.class, name = "ask_resolved"),
    @JsonSubTypes.Type(value = SessionEvent.TokenUsage.class, name = "token_usage"),
    @JsonSubTypes.Type(value = SessionEvent.ModeChanged.class, name = "mode"),
    @JsonSubTypes.Type(value = SessionEvent.ModesListed.class, name = "modes"),
    @JsonSubTypes.Type(value = SessionEvent.QueuedMessages.class, name = "queued_messages"),
    @JsonSubTypes.Type(value = SessionEvent.ToolFailed.class, name = "tool_failed"),
    @JsonSubTypes.Type(value = SessionEvent.SettingsChanged.class, name = "settings_changed"),
    @JsonSubTypes.Type(value = SessionEvent.UserAction.class, name = "user_action"),
    @JsonSubTypes.Type(value = SessionEvent.RooEvent.class, name = "roo_event"),
    @JsonSubTypes.Type(value = SessionEvent.EventsSkipped.class, name = "events_skipped"),
    @JsonSubTypes.Type(value = SessionEvent.CapabilitiesChanged.class, name = "capabilities"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface SessionEvent {

    /** The relay's link to the session's Roo changed. */
    record Connection(ConnectionStatus status, String detail) implements SessionEvent {
        public Connection {
            Ids.require(status, "status");
        }
    }

    /** Roo created a task (a new one, a resumed one, or one reloaded after a cancel). */
    record TaskStarted(String taskId, String text, String parentTaskId) implements SessionEvent {
        public TaskStarted {
            Ids.requireId(taskId, "taskId");
        }
    }

    /** A task's state changed. */
    record TaskStateChanged(String taskId, TaskState state) implements SessionEvent {
        public TaskStateChanged {
            Ids.requireId(taskId, "taskId");
            Ids.require(state, "state");
        }
    }

    /**
     * A message of a task's transcript was created or updated. {@code message} carries every field
     * of Roo's ClineMessage except {@code text} and {@code reasoning}, which come as deltas against
     * the receiver's copy of the message with the same {@code ts} (null delta: unchanged).
     */
    record Message(String taskId, boolean created, ClineMessage message, TextDelta text, TextDelta reasoning)
            implements SessionEvent {
        public Message {
            Ids.requireId(taskId, "taskId");
            Ids.require(message, "message");
        }
    }

    /** An ask waits for a person: Roo left it open (Roo's late state event, or past a grace period). */
    record AskPending(PendingAsk ask) implements SessionEvent {
        public AskPending {
            Ids.require(ask, "ask");
        }
    }

    /** The pending ask is no longer pending. */
    record AskResolved(String taskId, long ts, Resolution resolution) implements SessionEvent {
        public AskResolved {
            Ids.requireId(taskId, "taskId");
            resolution = resolution == null ? Resolution.ANSWERED : resolution;
        }
    }

    /** How an ask stopped being pending. */
    enum Resolution {
        @com.fasterxml.jackson.annotation.JsonProperty("answered")
        ANSWERED,
        @com.fasterxml.jackson.annotation.JsonProperty("superseded")
        SUPERSEDED,
        @com.fasterxml.jackson.annotation.JsonProperty("cancelled")
        CANCELLED
    }

    /** Roo reported a task's token usage and cost. */
    record TokenUsage(String taskId, Tokens tokens) implements SessionEvent {
        public TokenUsage {
            Ids.requireId(taskId, "taskId");
            Ids.require(tokens, "tokens");
        }
    }

    /** Roo's current mode changed (for the session or, with a task id, for a task). */
    record ModeChanged(String taskId, String mode) implements SessionEvent {
        public ModeChanged {
            Ids.require(mode, "mode");
        }
    }

    /** The modes Roo offers. */
    record ModesListed(List<Mode> modes) implements SessionEvent {
        public ModesListed {
            modes = List.copyOf(Ids.require(modes, "modes"));
        }
    }

    /** One of Roo's modes. */
    record Mode(String slug, String name) {
        public Mode {
            Ids.requireId(slug, "slug");
            name = name == null ? slug : name;
        }
    }

    /** The messages queued in Roo for a task, as Roo last listed them. */
    record QueuedMessages(String taskId, List<QueuedMessage> messages) implements SessionEvent {
        public QueuedMessages {
            Ids.requireId(taskId, "taskId");
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }

    /** A message queued in Roo while it was busy. */
    record QueuedMessage(String id, String text, long timestamp) {
        public QueuedMessage {
            Ids.requireId(id, "id");
            text = text == null ? "" : text;
        }
    }

    /** A tool failed in a task. */
    record ToolFailed(String taskId, String tool, String error) implements SessionEvent {
        public ToolFailed {
            Ids.requireId(taskId, "taskId");
        }
    }

    /**
     * The session's settings profile changed. {@code settings} holds every non-secret value;
     * {@code secrets} names the secret keys that are set (their values never leave the relay).
     */
    record SettingsChanged(String by, Map<String, JsonNode> settings, List<String> secrets) implements SessionEvent {
        public SettingsChanged {
            settings = settings == null ? Map.of() : Map.copyOf(settings);
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }
    }

    /**
     * A person or agent acted on the session (started, answered, cancelled, resumed, ...), so that
     * everyone watching sees who did what.
     */
    record UserAction(String by, String action, String taskId, String detail) implements SessionEvent {
        public UserAction {
            Ids.require(by, "by");
            Ids.require(action, "action");
        }
    }

    /** Any other Roo event, passed through unchanged (lifecycle details, delegation, forks' own events). */
    record RooEvent(String name, String taskId, JsonNode payload) implements SessionEvent {
        public RooEvent {
            Ids.require(name, "name");
        }
    }

    /**
     * No event of this session carries the numbers {@code first} to {@code last}: the relay stopped
     * abruptly, and events it had numbered (and may have sent) but not yet stored are gone. Sent with
     * the number after {@code last}. A client whose last event came before {@code first} goes on with
     * this one and agrees with the relay; one that saw any of the skipped numbers gets a snapshot instead.
     */
    record EventsSkipped(long first, long last) implements SessionEvent {
        public EventsSkipped {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException(
                        "skipped numbers must run from 1 or more upwards, not " + first + " to " + last);
            }
        }
    }

    /**
     * What the session can do changed: its bridge connected (approve becomes available), or went away
     * (approve is gone again, and {@code reason} says why).
     */
    record CapabilitiesChanged(Capabilities capabilities) implements SessionEvent {
        public CapabilitiesChanged {
            Ids.require(capabilities, "capabilities");
        }
    }

    /** An event of a kind this side does not know; its fields are kept. */
    final class Unknown implements SessionEvent {
        private String kind;
        private final Map<String, JsonNode> fields = new LinkedHashMap<>();

        public Unknown() {}

        public Unknown(String kind, Map<String, JsonNode> fields) {
            this.kind = kind;
            this.fields.putAll(fields);
        }

        @JsonIgnore
        public String kind() {
            return kind;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("kind")
        void setKind(String kind) {
            this.kind = kind;
        }

        @JsonAnyGetter
        public Map<String, JsonNode> fields() {
            return fields;
        }

        @JsonAnySetter
        void put(String name, JsonNode value) {
            fields.put(name, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && Objects.equals(kind, u.kind) && fields.equals(u.fields);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, fields);
        }

        @Override
        public String toString() {
            return "Unknown[kind=" + kind + ", fields=" + fields + "]";
        }
    }
}
