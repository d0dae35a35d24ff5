package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.ClineMessage;
import java.util.List;
import java.util.Map;

/** Data returned with an {@link ServerMessage.Ack}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AckResult.Sessions.class, name = "sessions"),
    @JsonSubTypes.Type(value = AckResult.TaskStarted.class, name = "task_started"),
    @JsonSubTypes.Type(value = AckResult.Settings.class, name = "settings"),
    @JsonSubTypes.Type(value = AckResult.Profiles.class, name = "profiles"),
    @JsonSubTypes.Type(value = AckResult.History.class, name = "history"),
    @JsonSubTypes.Type(value = AckResult.Transcript.class, name = "transcript"),
    @JsonSubTypes.Type(value = AckResult.Subscribed.class, name = "subscribed"),
    @JsonSubTypes.Type(value = AckResult.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = AckResult.PairingCode.class, name = "pairing_code"),
    @JsonSubTypes.Type(value = AckResult.Devices.class, name = "devices"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface AckResult {

    record Sessions(List<SessionInfo> sessions) implements AckResult {
        public Sessions {
            sessions = sessions == null ? List.of() : List.copyOf(sessions);
        }
    }

    /** The task Roo created for a {@link ClientMessage.StartTask} or {@link ClientMessage.ResumeTask}. */
    record TaskStarted(String taskId) implements AckResult {
        public TaskStarted {
            Ids.requireId(taskId, "taskId");
        }
    }

    /**
     * A session's settings: every non-secret value, and the names of the secret keys that are set.
     * Secret values never leave the relay. {@code source} says where they were read:
     * {@link #FROM_ROO} (Roo's live settings, through the session's bridge) or {@link #FROM_PROFILE}
     * (the relay's stored profile); null (absent) from relays that predate it means the profile.
     */
    record Settings(String sessionId, Map<String, JsonNode> settings, List<String> secrets, String source)
            implements AckResult {
        /** Roo's live settings, read through the session's bridge. */
        public static final String FROM_ROO = "roo";
        /** The relay's stored settings profile. */
        public static final String FROM_PROFILE = "profile";

        public Settings {
            Ids.requireId(sessionId, "sessionId");
            settings = settings == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }

        public Settings(String sessionId, Map<String, JsonNode> settings, List<String> secrets) {
            this(sessionId, settings, secrets, null);
        }

        /** Whether these are Roo's live settings rather than the relay's stored profile. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean live() {
            return FROM_ROO.equals(source);
        }
    }

    /**
     * Roo's provider profiles.
     *
     * @param active the active profile's name, or null when Roo does not say
     */
    record Profiles(String sessionId, List<ProviderProfile> profiles, String active) implements AckResult {
        public Profiles {
            Ids.requireId(sessionId, "sessionId");
            profiles = profiles == null ? List.of() : List.copyOf(profiles);
        }
    }

    /**
     * One of Roo's provider profiles: its name and, where Roo records them, the provider and model it uses.
     * Never its keys.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProviderProfile(String name, String apiProvider, String modelId) {
        public ProviderProfile {
            Ids.require(name, "name");
        }
    }

    /** A session's tasks, newest first. */
    record History(String sessionId, List<TaskSummary> tasks) implements AckResult {
        public History {
            Ids.requireId(sessionId, "sessionId");
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /** A task's whole transcript as Roo had it, in order. */
    record Transcript(String sessionId, TaskSummary task, List<ClineMessage> messages) implements AckResult {
        public Transcript {
            Ids.requireId(sessionId, "sessionId");
            Ids.require(task, "task");
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }

    /** The sequence number after which live events follow for a subscribed session. */
    record Subscribed(String sessionId, long seq) implements AckResult {
        public Subscribed {
            Ids.requireId(sessionId, "sessionId");
        }
    }

    /** @param serverTime the relay's clock, epoch milliseconds */
    record Pong(long serverTime) implements AckResult {}

    /**
     * A one-time pairing code: {@code path} is where on the relay's own origin a phone opens it (the code
     * in the fragment, so it never reaches a server's log); {@code expiresAt} in epoch milliseconds.
     */
    record PairingCode(String code, String path, long expiresAt) implements AckResult {
        public PairingCode {
            if (code == null || code.isBlank()) {
                throw new IllegalArgumentException("'code' is required");
            }
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("'path' is required and starts with '/'");
            }
        }

        /** Never shows the code. */
        @Override
        public String toString() {
            return "PairingCode[expiresAt=" + expiresAt + ", code=(hidden)]";
        }
    }

    /** A user's paired devices, oldest first. */
    record Devices(List<Device> devices) implements AckResult {
        public Devices {
            devices = devices == null ? List.of() : List.copyOf(devices);
        }
    }

    /**
     * A paired device: {@code pairedAt} in epoch milliseconds; {@code signedIn} false once it signed out;
     * {@code current} true for the device that asked.
     */
    record Device(String id, String name, long pairedAt, boolean signedIn, boolean current) {
        public Device {
            Ids.requireId(id, "id");
            if (name == null) {
                throw new IllegalArgumentException("'name' is required");
            }
        }
    }
}
