package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An event Roo broadcasts (Roo's {@code taskEventSchema}): {@code {"eventName":E,"payload":[...]}} with a
 * typed record per payload shape. Reading never drops an event: unknown names, and known names whose payload
 * does not have the expected shape, become {@link UnknownTaskEvent}. Trailing payload elements a record does
 * not know are kept in its {@code extraArgs} and written back after the known ones.
 */
public sealed interface TaskEvent {

    /** The wire event name. */
    String eventName();

    /** The known name, or empty for an {@link UnknownTaskEvent} with a name this version does not know. */
    default Optional<RooEventName> knownName() {
        return RooEventName.fromWire(eventName());
    }

    /** The payload as Roo's JSON; null for events without a payload (evalPass, evalFail). */
    default JsonNode payload() {
        return RooCodec.encodePayload(this);
    }

    /** The (string) id of the task this event is about, when the payload names one. */
    default Optional<String> relatedTaskId() {
        return Optional.empty();
    }

    /** Reads an event from its name and payload. Never throws. */
    static TaskEvent of(String eventName, JsonNode payload) {
        return RooCodec.decodeEvent(eventName, payload);
    }

    /** The names that carry just {@code [taskId]} and describe where a task is in its life. */
    Set<RooEventName> LIFECYCLE_NAMES = Set.copyOf(EnumSet.of(
            RooEventName.TASK_CREATED,
            RooEventName.TASK_STARTED,
            RooEventName.TASK_ABORTED,
            RooEventName.TASK_FOCUSED,
            RooEventName.TASK_UNFOCUSED,
            RooEventName.TASK_ACTIVE,
            RooEventName.TASK_INTERACTIVE,
            RooEventName.TASK_RESUMABLE,
            RooEventName.TASK_IDLE,
            RooEventName.TASK_PAUSED,
            RooEventName.TASK_UNPAUSED));

    /** taskCreated, taskStarted, taskAborted, taskFocused, ..., taskIdle, taskPaused, taskUnpaused. */
    record TaskLifecycleEvent(RooEventName kind, String taskId, List<JsonNode> extraArgs) implements TaskEvent {
        public TaskLifecycleEvent {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(taskId, "taskId");
            if (!LIFECYCLE_NAMES.contains(kind)) {
                throw new IllegalArgumentException(kind + " is not a task lifecycle event");
            }
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskLifecycleEvent(RooEventName kind, String taskId) {
            this(kind, taskId, null);
        }

        @Override
        public String eventName() {
            return kind.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** A chat message was created or updated (streaming sends the whole text so far with each update). */
    record MessageEvent(
            String taskId, String action, ClineMessage message, Map<String, JsonNode> extra, List<JsonNode> extraArgs)
            implements TaskEvent {
        public static final String CREATED = "created";
        public static final String UPDATED = "updated";

        public MessageEvent {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(message, "message");
            extra = Extras.copy(extra);
            extraArgs = Extras.copy(extraArgs);
        }

        public MessageEvent(String taskId, String action, ClineMessage message) {
            this(taskId, action, message, null, null);
        }

        public boolean isCreated() {
            return CREATED.equals(action);
        }

        @Override
        public String eventName() {
            return RooEventName.MESSAGE.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /**
     * Sent only when the final completion ask is answered with "yes"; over IPC a final
     * {@code completion_result} ask is the usual sign that a task is done.
     */
    record TaskCompleted(
            String taskId,
            TokenUsage tokenUsage,
            Map<String, ToolStats> toolUsage,
            Boolean isSubtask,
            List<JsonNode> extraArgs)
            implements TaskEvent {
        public TaskCompleted {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(tokenUsage, "tokenUsage");
            toolUsage = toolUsage == null ? Map.of() : Map.copyOf(toolUsage);
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskCompleted(
                String taskId, TokenUsage tokenUsage, Map<String, ToolStats> toolUsage, Boolean isSubtask) {
            this(taskId, tokenUsage, toolUsage, isSubtask, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_COMPLETED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** Cumulative token usage (throttled by Roo): {@code [taskId, tokenUsage, toolUsage]}. */
    record TokenUsageUpdated(
            String taskId, TokenUsage tokenUsage, Map<String, ToolStats> toolUsage, List<JsonNode> extraArgs)
            implements TaskEvent {
        public TokenUsageUpdated {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(tokenUsage, "tokenUsage");
            toolUsage = toolUsage == null ? Map.of() : Map.copyOf(toolUsage);
            extraArgs = Extras.copy(extraArgs);
        }

        public TokenUsageUpdated(String taskId, TokenUsage tokenUsage, Map<String, ToolStats> toolUsage) {
            this(taskId, tokenUsage, toolUsage, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_TOKEN_USAGE_UPDATED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** A tool call failed: {@code [taskId, toolName, error]}. */
    record TaskToolFailed(String taskId, String tool, String error, List<JsonNode> extraArgs) implements TaskEvent {
        public TaskToolFailed {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(error, "error");
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskToolFailed(String taskId, String tool, String error) {
            this(taskId, tool, error, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_TOOL_FAILED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** A task switched mode: {@code [taskId, modeSlug]}. */
    record TaskModeSwitched(String taskId, String mode, List<JsonNode> extraArgs) implements TaskEvent {
        public TaskModeSwitched {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(mode, "mode");
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskModeSwitched(String taskId, String mode) {
            this(taskId, mode, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_MODE_SWITCHED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** The extension's current mode changed: {@code [modeSlug]}. */
    record ModeChanged(String mode, List<JsonNode> extraArgs) implements TaskEvent {
        public ModeChanged {
            Objects.requireNonNull(mode, "mode");
            extraArgs = Extras.copy(extraArgs);
        }

        public ModeChanged(String mode) {
            this(mode, null);
        }

        @Override
        public String eventName() {
            return RooEventName.MODE_CHANGED.wireName();
        }
    }

    /** An ask was answered (by a person or by auto-approval): {@code [taskId]}. */
    record TaskAskResponded(String taskId, List<JsonNode> extraArgs) implements TaskEvent {
        public TaskAskResponded {
            Objects.requireNonNull(taskId, "taskId");
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskAskResponded(String taskId) {
            this(taskId, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_ASK_RESPONDED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** The user sent a message into a task: {@code [taskId]}. */
    record TaskUserMessage(String taskId, List<JsonNode> extraArgs) implements TaskEvent {
        public TaskUserMessage {
            Objects.requireNonNull(taskId, "taskId");
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskUserMessage(String taskId) {
            this(taskId, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_USER_MESSAGE.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** The task's queue of pending user messages changed: {@code [taskId, [QueuedMessage...]]}. */
    record QueuedMessagesUpdated(String taskId, List<QueuedMessage> messages, List<JsonNode> extraArgs)
            implements TaskEvent {
        public QueuedMessagesUpdated {
            Objects.requireNonNull(taskId, "taskId");
            messages = messages == null ? List.of() : List.copyOf(messages);
            extraArgs = Extras.copy(extraArgs);
        }

        public QueuedMessagesUpdated(String taskId, List<QueuedMessage> messages) {
            this(taskId, messages, null);
        }

        @Override
        public String eventName() {
            return RooEventName.QUEUED_MESSAGES_UPDATED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** A task spawned a subtask: {@code [taskId, childTaskId]}. */
    record TaskSpawned(String taskId, String childTaskId, List<JsonNode> extraArgs) implements TaskEvent {
        public TaskSpawned {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(childTaskId, "childTaskId");
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskSpawned(String taskId, String childTaskId) {
            this(taskId, childTaskId, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_SPAWNED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(taskId);
        }
    }

    /** {@code [parentTaskId, childTaskId]}. */
    record TaskDelegated(String parentTaskId, String childTaskId, List<JsonNode> extraArgs) implements TaskEvent {
        public TaskDelegated {
            Objects.requireNonNull(parentTaskId, "parentTaskId");
            Objects.requireNonNull(childTaskId, "childTaskId");
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskDelegated(String parentTaskId, String childTaskId) {
            this(parentTaskId, childTaskId, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_DELEGATED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(parentTaskId);
        }
    }

    /** {@code [parentTaskId, childTaskId, completionResultSummary]}. */
    record TaskDelegationCompleted(
            String parentTaskId, String childTaskId, String completionResultSummary, List<JsonNode> extraArgs)
            implements TaskEvent {
        public TaskDelegationCompleted {
            Objects.requireNonNull(parentTaskId, "parentTaskId");
            Objects.requireNonNull(childTaskId, "childTaskId");
            Objects.requireNonNull(completionResultSummary, "completionResultSummary");
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskDelegationCompleted(String parentTaskId, String childTaskId, String completionResultSummary) {
            this(parentTaskId, childTaskId, completionResultSummary, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_DELEGATION_COMPLETED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(parentTaskId);
        }
    }

    /** {@code [parentTaskId, childTaskId]}. */
    record TaskDelegationResumed(String parentTaskId, String childTaskId, List<JsonNode> extraArgs)
            implements TaskEvent {
        public TaskDelegationResumed {
            Objects.requireNonNull(parentTaskId, "parentTaskId");
            Objects.requireNonNull(childTaskId, "childTaskId");
            extraArgs = Extras.copy(extraArgs);
        }

        public TaskDelegationResumed(String parentTaskId, String childTaskId) {
            this(parentTaskId, childTaskId, null);
        }

        @Override
        public String eventName() {
            return RooEventName.TASK_DELEGATION_RESUMED.wireName();
        }

        @Override
        public Optional<String> relatedTaskId() {
            return Optional.of(parentTaskId);
        }
    }

    /** The active provider profile changed: {@code [{name, provider}]}. */
    record ProviderProfileChanged(String name, String provider, Map<String, JsonNode> extra, List<JsonNode> extraArgs)
            implements TaskEvent {
        public ProviderProfileChanged {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
            extra = Extras.copy(extra);
            extraArgs = Extras.copy(extraArgs);
        }

        public ProviderProfileChanged(String name, String provider) {
            this(name, provider, null, null);
        }

        @Override
        public String eventName() {
            return RooEventName.PROVIDER_PROFILE_CHANGED.wireName();
        }
    }

    /** Answer to GetCommands, sent only to the asking client. */
    record CommandsResponse(List<CommandInfo> commands, List<JsonNode> extraArgs) implements TaskEvent {
        public CommandsResponse {
            commands = commands == null ? List.of() : List.copyOf(commands);
            extraArgs = Extras.copy(extraArgs);
        }

        public CommandsResponse(List<CommandInfo> commands) {
            this(commands, null);
        }

        @Override
        public String eventName() {
            return RooEventName.COMMANDS_RESPONSE.wireName();
        }
    }

    /** Answer to GetModes, sent only to the asking client. */
    record ModesResponse(List<ModeInfo> modes, List<JsonNode> extraArgs) implements TaskEvent {
        public ModesResponse {
            modes = modes == null ? List.of() : List.copyOf(modes);
            extraArgs = Extras.copy(extraArgs);
        }

        public ModesResponse(List<ModeInfo> modes) {
            this(modes, null);
        }

        @Override
        public String eventName() {
            return RooEventName.MODES_RESPONSE.wireName();
        }
    }

    /** Answer to GetModels: a JSON object from model id to Roo's model info, kept as JSON. */
    record ModelsResponse(JsonNode models, List<JsonNode> extraArgs) implements TaskEvent {
        public ModelsResponse {
            models = models == null ? RooJson.object() : models.deepCopy();
            extraArgs = Extras.copy(extraArgs);
        }

        public ModelsResponse(JsonNode models) {
            this(models, null);
        }

        @Override
        public String eventName() {
            return RooEventName.MODELS_RESPONSE.wireName();
        }
    }

    /** Sent by Roo's evaluation harness; no payload, a numeric task id next to the name. */
    record EvalPass(Long taskId) implements TaskEvent {
        @Override
        public String eventName() {
            return RooEventName.EVAL_PASS.wireName();
        }
    }

    record EvalFail(Long taskId) implements TaskEvent {
        @Override
        public String eventName() {
            return RooEventName.EVAL_FAIL.wireName();
        }
    }

    /**
     * An event with a name this version does not know, or a known name whose payload has an unexpected
     * shape. Kept as received; {@code payload} is null when the event had none.
     */
    record UnknownTaskEvent(String eventName, JsonNode payload) implements TaskEvent {
        public UnknownTaskEvent {
            Objects.requireNonNull(eventName, "eventName");
            payload = payload == null || payload.isMissingNode() ? null : payload.deepCopy();
        }
    }
}
