package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A frame a client sends to the relay. Every request carries an {@code id} that the relay's
 * {@link ServerMessage.Ack} or {@link ServerMessage.Error} echoes. See {@code protocol/PROTOCOL.md}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = "subscribe"),
    @JsonSubTypes.Type(value = ClientMessage.Unsubscribe.class, name = "unsubscribe"),
    @JsonSubTypes.Type(value = ClientMessage.ListSessions.class, name = "list_sessions"),
    @JsonSubTypes.Type(value = ClientMessage.StartTask.class, name = "start_task"),
    @JsonSubTypes.Type(value = ClientMessage.SendMessage.class, name = "send_message"),
    @JsonSubTypes.Type(value = ClientMessage.AnswerAsk.class, name = "answer_ask"),
    @JsonSubTypes.Type(value = ClientMessage.Approve.class, name = "approve"),
    @JsonSubTypes.Type(value = ClientMessage.Deny.class, name = "deny"),
    @JsonSubTypes.Type(value = ClientMessage.CancelTask.class, name = "cancel_task"),
    @JsonSubTypes.Type(value = ClientMessage.ResumeTask.class, name = "resume_task"),
    @JsonSubTypes.Type(value = ClientMessage.GetSettings.class, name = "get_settings"),
    @JsonSubTypes.Type(value = ClientMessage.UpdateSettings.class, name = "update_settings"),
    @JsonSubTypes.Type(value = ClientMessage.GetProfiles.class, name = "get_profiles"),
    @JsonSubTypes.Type(value = ClientMessage.UseProfile.class, name = "use_profile"),
    @JsonSubTypes.Type(value = ClientMessage.GetHistory.class, name = "get_history"),
    @JsonSubTypes.Type(value = ClientMessage.GetTranscript.class, name = "get_transcript"),
    @JsonSubTypes.Type(value = ClientMessage.DeleteQueuedMessage.class, name = "delete_queued_message"),
    @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientMessage.Authenticate.class, name = "authenticate"),
    @JsonSubTypes.Type(value = ClientMessage.CreatePairingCode.class, name = "create_pairing_code"),
    @JsonSubTypes.Type(value = ClientMessage.ListDevices.class, name = "list_devices"),
    @JsonSubTypes.Type(value = ClientMessage.RevokeDevice.class, name = "revoke_device"),
    @JsonSubTypes.Type(value = ClientMessage.PushSubscribe.class, name = "push_subscribe"),
    @JsonSubTypes.Type(value = ClientMessage.PushUnsubscribe.class, name = "push_unsubscribe"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ClientMessage {

    /** The request id, echoed by the relay's answer. */
    String id();

    /** Requests aimed at one session. */
    sealed interface SessionRequest extends ClientMessage {
        String sessionId();
    }

    /** Requests that answer a pending ask; they name the ask the client saw. */
    sealed interface AskRequest extends SessionRequest {
        String taskId();

        long askTs();
    }

    /**
     * First frame of a connection. {@code resume} maps session ids to the last sequence number
     * the client has seen; the relay sends each of those sessions' missed events (or a snapshot
     * when they are no longer in the log) and then live events.
     */
    record Hello(String id, String client, Map<String, Long> resume) implements ClientMessage {
        public Hello {
            Ids.requireId(id, "id");
            resume = resume == null ? Map.of() : Map.copyOf(resume);
            resume.forEach((session, seq) -> {
                if (seq == null || seq < 0) {
                    throw new IllegalArgumentException("'resume' sequence numbers must be 0 or more");
                }
            });
        }
    }

    /**
     * Watch a session. Without {@code fromSeq} the relay sends a snapshot, then live events; with
     * it, every event after {@code fromSeq}, then live events.
     */
    record Subscribe(String id, String sessionId, Long fromSeq) implements SessionRequest {
        public Subscribe {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            if (fromSeq != null && fromSeq < 0) {
                throw new IllegalArgumentException("'fromSeq' must be 0 or more");
            }
        }
    }

    record Unsubscribe(String id, String sessionId) implements SessionRequest {
        public Unsubscribe {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
        }
    }

    /** Answered by an ack with {@link AckResult.Sessions}. */
    record ListSessions(String id) implements ClientMessage {
        public ListSessions {
            Ids.requireId(id, "id");
        }
    }

    /**
     * Start a new task (Roo aborts the session's current one). Images are data URLs. {@code mode}
     * overrides the session profile's mode for this task. Answered by an ack with
     * {@link AckResult.TaskStarted} once Roo has created the task.
     */
    record StartTask(String id, String sessionId, String text, List<String> images, String mode)
            implements SessionRequest {
        public StartTask {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("'text' is required: the task's prompt");
            }
            images = images == null ? List.of() : List.copyOf(images);
        }
    }

    /**
     * A typed message for the pending ask named by {@code taskId} and {@code askTs}: the answer to a
     * followup, a continuation at an idle ask, or a resume at a resumable one. Refused for a tool or
     * command approval (use {@link Deny}) and whenever Roo is busy.
     */
    record SendMessage(String id, String sessionId, String taskId, long askTs, String text, List<String> images)
            implements AskRequest {
        public SendMessage {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            Ids.requireId(taskId, "taskId");
            Ids.requireTs(askTs, "askTs");
            text = text == null ? "" : text;
            images = images == null ? List.of() : List.copyOf(images);
            if (text.isEmpty() && images.isEmpty()) {
                throw new IllegalArgumentException("'text' or 'images' is required");
            }
        }
    }

    /** The answer to a followup question (one of its suggestions or free text). */
    record AnswerAsk(String id, String sessionId, String taskId, long askTs, String answer) implements AskRequest {
        public AnswerAsk {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            Ids.requireId(taskId, "taskId");
            Ids.requireTs(askTs, "askTs");
            if (answer == null || answer.isBlank()) {
                throw new IllegalArgumentException("'answer' is required");
            }
        }
    }

    /** Approve a pending tool or command ask. Needs the session's {@code approve} capability. */
    record Approve(String id, String sessionId, String taskId, long askTs) implements AskRequest {
        public Approve {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            Ids.requireId(taskId, "taskId");
            Ids.requireTs(askTs, "askTs");
        }
    }

    /** Reject a pending tool or command ask, with optional feedback for Roo. */
    record Deny(String id, String sessionId, String taskId, long askTs, String feedback) implements AskRequest {
        public Deny {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            Ids.requireId(taskId, "taskId");
            Ids.requireTs(askTs, "askTs");
        }
    }

    /** Cancel the session's current task; with {@code taskId}, only if it is still the current one. */
    record CancelTask(String id, String sessionId, String taskId) implements SessionRequest {
        public CancelTask {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
        }
    }

    /** Reopen an earlier task of the session. */
    record ResumeTask(String id, String sessionId, String taskId) implements SessionRequest {
        public ResumeTask {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            Ids.requireId(taskId, "taskId");
        }
    }

    /** Answered by an ack with {@link AckResult.Settings}. */
    record GetSettings(String id, String sessionId) implements SessionRequest {
        public GetSettings {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
        }
    }

    /**
     * Change the session's settings profile: each key is set to its value, a JSON null removes it.
     * Secret keys (API keys, tokens) are write-only. Needs the admin role. Answered by an ack with
     * the new {@link AckResult.Settings}.
     */
    record UpdateSettings(String id, String sessionId, Map<String, JsonNode> changes) implements SessionRequest {
        public UpdateSettings {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            if (changes == null || changes.isEmpty()) {
                throw new IllegalArgumentException("'changes' is required and names at least one key");
            }
            changes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(changes));
        }
    }

    /**
     * Roo's provider profiles (named API configurations) and the active one. Needs a session whose
     * capabilities include {@code profiles} (its bridge can list them). Answered by an ack with
     * {@link AckResult.Profiles}.
     */
    record GetProfiles(String id, String sessionId) implements SessionRequest {
        public GetProfiles {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
        }
    }

    /**
     * Makes {@code name} Roo's active provider profile, now and for every task the relay starts. Needs the
     * admin role and a session with the {@code profiles} capability. Answered by an ack with the
     * {@link AckResult.Profiles} read back.
     */
    record UseProfile(String id, String sessionId, String name) implements SessionRequest {
        public UseProfile {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("'name' is required: the name of one of Roo's provider profiles");
            }
            if (name.length() > 256) {
                throw new IllegalArgumentException("'name' is longer than 256 characters; no profile has such a name");
            }
        }
    }

    /** Answered by an ack with {@link AckResult.History}. */
    record GetHistory(String id, String sessionId) implements SessionRequest {
        public GetHistory {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
        }
    }

    /** Answered by an ack with {@link AckResult.Transcript}. */
    record GetTranscript(String id, String sessionId, String taskId) implements SessionRequest {
        public GetTranscript {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            Ids.requireId(taskId, "taskId");
        }
    }

    record DeleteQueuedMessage(String id, String sessionId, String messageId) implements SessionRequest {
        public DeleteQueuedMessage {
            Ids.requireId(id, "id");
            Ids.requireId(sessionId, "sessionId");
            Ids.requireId(messageId, "messageId");
        }
    }

    /** Answered by an ack with {@link AckResult.Pong}. */
    record Ping(String id) implements ClientMessage {
        public Ping {
            Ids.requireId(id, "id");
        }
    }

    /**
     * Renews the connection's credentials in band with a fresh token of the same identity (an access
     * token from a refresh, or the same agent token), before or after the current one expires. Acked
     * without a result; refused with {@code unauthorized} when the token is not valid or stands for
     * another identity.
     */
    record Authenticate(String id, String token) implements ClientMessage {
        /** A JWT is far shorter; anything longer is not a token of this relay. */
        public static final int MAX_TOKEN_LENGTH = 8192;

        public Authenticate {
            Ids.requireId(id, "id");
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("'token' is required: a fresh access token or the agent token");
            }
            if (token.length() > MAX_TOKEN_LENGTH) {
                throw new IllegalArgumentException("'token' is longer than " + MAX_TOKEN_LENGTH + " characters");
            }
        }

        /** Never shows the token. */
        @Override
        public String toString() {
            return "Authenticate[id=" + id + ", token=(hidden)]";
        }
    }

    /**
     * A one-time pairing code that signs a phone in as the caller, for a QR code: single use, valid five
     * minutes. Only for a signed-in person (not an agent token). Answered by an ack with
     * {@link AckResult.PairingCode}.
     */
    record CreatePairingCode(String id) implements ClientMessage {
        public CreatePairingCode {
            Ids.requireId(id, "id");
        }
    }

    /** The caller's paired devices. Answered by an ack with {@link AckResult.Devices}. */
    record ListDevices(String id) implements ClientMessage {
        public ListDevices {
            Ids.requireId(id, "id");
        }
    }

    /** Revokes one of the caller's paired devices: it is signed out at once, open connections included. */
    record RevokeDevice(String id, String deviceId) implements ClientMessage {
        public RevokeDevice {
            Ids.requireId(id, "id");
            Ids.requireId(deviceId, "deviceId");
        }
    }

    /**
     * This browser's Web Push subscription ({@code PushSubscription.toJSON()}: the push service's endpoint and
     * the browser's keys), for the caller's login: the relay pushes when a session needs the person and
     * when a task ends. Only for a signed-in person. Acked without a result.
     */
    record PushSubscribe(String id, String endpoint, String p256dh, String auth) implements ClientMessage {
        public PushSubscribe {
            Ids.requireId(id, "id");
            if (endpoint == null || endpoint.isBlank()) {
                throw new IllegalArgumentException("'endpoint' is required: the subscription's endpoint");
            }
            if (p256dh == null || auth == null) {
                throw new IllegalArgumentException("'p256dh' and 'auth' are required: the subscription's keys");
            }
        }
    }

    /** Stops pushes to this browser's subscription. Acked without a result. */
    record PushUnsubscribe(String id, String endpoint) implements ClientMessage {
        public PushUnsubscribe {
            Ids.requireId(id, "id");
            if (endpoint == null || endpoint.isBlank()) {
                throw new IllegalArgumentException("'endpoint' is required: the subscription's endpoint");
            }
        }
    }
}
