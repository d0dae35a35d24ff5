package dev.rooremote.protocol.roo;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event names Roo broadcasts (Roo's {@code RooCodeEventName}), with their wire spelling. */
public enum RooEventName {
    TASK_CREATED("taskCreated"),
    TASK_STARTED("taskStarted"),
    TASK_COMPLETED("taskCompleted"),
    TASK_ABORTED("taskAborted"),
    TASK_FOCUSED("taskFocused"),
    TASK_UNFOCUSED("taskUnfocused"),
    TASK_ACTIVE("taskActive"),
    TASK_INTERACTIVE("taskInteractive"),
    TASK_RESUMABLE("taskResumable"),
    TASK_IDLE("taskIdle"),
    TASK_PAUSED("taskPaused"),
    TASK_UNPAUSED("taskUnpaused"),
    TASK_SPAWNED("taskSpawned"),
    TASK_DELEGATED("taskDelegated"),
    TASK_DELEGATION_COMPLETED("taskDelegationCompleted"),
    TASK_DELEGATION_RESUMED("taskDelegationResumed"),
    MESSAGE("message"),
    TASK_MODE_SWITCHED("taskModeSwitched"),
    TASK_ASK_RESPONDED("taskAskResponded"),
    TASK_USER_MESSAGE("taskUserMessage"),
    QUEUED_MESSAGES_UPDATED("queuedMessagesUpdated"),
    TASK_TOKEN_USAGE_UPDATED("taskTokenUsageUpdated"),
    TASK_TOOL_FAILED("taskToolFailed"),
    MODE_CHANGED("modeChanged"),
    PROVIDER_PROFILE_CHANGED("providerProfileChanged"),
    COMMANDS_RESPONSE("commandsResponse"),
    MODES_RESPONSE("modesResponse"),
    MODELS_RESPONSE("modelsResponse"),
    EVAL_PASS("evalPass"),
    EVAL_FAIL("evalFail");

    private static final Map<String, RooEventName> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RooEventName::wireName, Function.identity()));

    private final String wireName;

    RooEventName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The constant for a wire name, or empty for names this version does not know. */
    public static Optional<RooEventName> fromWire(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
