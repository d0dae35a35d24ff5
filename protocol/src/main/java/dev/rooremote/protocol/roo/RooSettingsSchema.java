package dev.rooremote.protocol.roo;

import static dev.rooremote.protocol.roo.RooSettingsSchema.Type.ANY;
import static dev.rooremote.protocol.roo.RooSettingsSchema.Type.ARRAY;
import static dev.rooremote.protocol.roo.RooSettingsSchema.Type.BOOLEAN;
import static dev.rooremote.protocol.roo.RooSettingsSchema.Type.NUMBER;
import static dev.rooremote.protocol.roo.RooSettingsSchema.Type.OBJECT;
import static dev.rooremote.protocol.roo.RooSettingsSchema.Type.STRING;
import static java.util.Map.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The settings keys Roo Code knows, with the JSON type of each value: the keys of
 * {@code rooCodeSettingsSchema} (global settings and provider settings) in {@code @roo-code/types} 1.115.0,
 * the release that matches Roo Code 3.52.1 (every key is in that extension's build, none it dropped is
 * here). A later Roo may know more keys; add them here when the relay moves to it.
 */
public final class RooSettingsSchema {

    /** The JSON type of a setting's value ({@link #ANY} where the schema allows several). */
    public enum Type {
        BOOLEAN,
        STRING,
        NUMBER,
        ARRAY,
        OBJECT,
        ANY;

        /** Whether {@code value} (not null) has this type. */
        public boolean accepts(JsonNode value) {
            return switch (this) {
                case BOOLEAN -> value.isBoolean();
                case STRING -> value.isTextual();
                case NUMBER -> value.isNumber();
                case ARRAY -> value.isArray();
                case OBJECT -> value.isObject();
                case ANY -> true;
            };
        }

        /** The type in words, for a message: "true or false", "a string", ... */
        public String words() {
            return switch (this) {
                case BOOLEAN -> "true or false";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case ARRAY -> "a JSON list";
                case OBJECT -> "a JSON object";
                case ANY -> "any JSON value";
            };
        }
    }

    /** The Roo Code release these keys were taken from. */
    public static final String ROO_VERSION = "3.52.1";

    /** The settings people change most, to show beside a refused key. */
    public static final List<String> COMMON_KEYS = List.of(
            "autoApprovalEnabled",
            "alwaysAllowReadOnly",
            "alwaysAllowWrite",
            "alwaysAllowExecute",
            "allowedCommands",
            "deniedCommands",
            "mode",
            "customInstructions",
            "apiProvider");

    private static final int MAX_SUGGESTIONS = 3;
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private static final Map<String, Type> KEYS = Map.ofEntries(
            entry("allowedCommands", ARRAY),
            entry("allowedMaxCost", NUMBER),
            entry("allowedMaxRequests", NUMBER),
            entry("alwaysAllowExecute", BOOLEAN),
            entry("alwaysAllowFollowupQuestions", BOOLEAN),
            entry("alwaysAllowMcp", BOOLEAN),
            entry("alwaysAllowModeSwitch", BOOLEAN),
            entry("alwaysAllowReadOnly", BOOLEAN),
            entry("alwaysAllowReadOnlyOutsideWorkspace", BOOLEAN),
            entry("alwaysAllowSubtasks", BOOLEAN),
            entry("alwaysAllowWrite", BOOLEAN),
            entry("alwaysAllowWriteOutsideWorkspace", BOOLEAN),
            entry("alwaysAllowWriteProtected", BOOLEAN),
            entry("anthropicBaseUrl", STRING),
            entry("anthropicBeta1MContext", BOOLEAN),
            entry("anthropicUseAuthToken", BOOLEAN),
            entry("apiKey", STRING),
            entry("apiModelId", STRING),
            entry("apiProvider", STRING),
            entry("autoApprovalEnabled", BOOLEAN),
            entry("autoCondenseContext", BOOLEAN),
            entry("autoCondenseContextPercent", NUMBER),
            entry("awsAccessKey", STRING),
            entry("awsApiKey", STRING),
            entry("awsBedrock1MContext", BOOLEAN),
            entry("awsBedrockEndpoint", STRING),
            entry("awsBedrockEndpointEnabled", BOOLEAN),
            entry("awsBedrockServiceTier", STRING),
            entry("awsCustomArn", STRING),
            entry("awsModelContextWindow", NUMBER),
            entry("awsProfile", STRING),
            entry("awsRegion", STRING),
            entry("awsSecretKey", STRING),
            entry("awsSessionToken", STRING),
            entry("awsUseApiKey", BOOLEAN),
            entry("awsUseCrossRegionInference", BOOLEAN),
            entry("awsUseGlobalInference", BOOLEAN),
            entry("awsUseProfile", BOOLEAN),
            entry("awsUsePromptCache", BOOLEAN),
            entry("azureApiVersion", STRING),
            entry("basetenApiKey", STRING),
            entry("checkpointTimeout", NUMBER),
            entry("codebaseIndexConfig", OBJECT),
            entry("codebaseIndexGeminiApiKey", STRING),
            entry("codebaseIndexMistralApiKey", STRING),
            entry("codebaseIndexModels", OBJECT),
            entry("codebaseIndexOpenAiCompatibleApiKey", STRING),
            entry("codebaseIndexOpenAiCompatibleBaseUrl", STRING),
            entry("codebaseIndexOpenAiCompatibleModelDimension", NUMBER),
            entry("codebaseIndexOpenRouterApiKey", STRING),
            entry("codebaseIndexVercelAiGatewayApiKey", STRING),
            entry("codeIndexOpenAiKey", STRING),
            entry("codeIndexQdrantApiKey", STRING),
            entry("commandExecutionTimeout", NUMBER),
            entry("commandTimeoutAllowlist", ARRAY),
            entry("consecutiveMistakeLimit", NUMBER),
            entry("currentApiConfigName", STRING),
            entry("customCondensingPrompt", STRING),
            entry("customInstructions", STRING),
            entry("customModePrompts", OBJECT),
            entry("customModes", ARRAY),
            entry("customSupportPrompts", OBJECT),
            entry("deepSeekApiKey", STRING),
            entry("deepSeekBaseUrl", STRING),
            entry("deniedCommands", ARRAY),
            entry("diagnosticsEnabled", BOOLEAN),
            entry("disabledTools", ARRAY),
            entry("dismissedUpsells", ARRAY),
            entry("enableCheckpoints", BOOLEAN),
            entry("enableReasoningEffort", BOOLEAN),
            entry("enableSubfolderRules", BOOLEAN),
            entry("enhancementApiConfigId", STRING),
            entry("enterBehavior", STRING),
            entry("experiments", OBJECT),
            entry("fakeAi", ANY),
            entry("fireworksApiKey", STRING),
            entry("followupAutoApproveTimeoutMs", NUMBER),
            entry("geminiApiKey", STRING),
            entry("geminiCliOAuthPath", STRING),
            entry("geminiCliProjectId", STRING),
            entry("googleGeminiBaseUrl", STRING),
            entry("hasOpenedModeSelector", BOOLEAN),
            entry("historyPreviewCollapsed", BOOLEAN),
            entry("imageGenerationProvider", STRING),
            entry("includeCurrentCost", BOOLEAN),
            entry("includeCurrentTime", BOOLEAN),
            entry("includeDiagnosticMessages", BOOLEAN),
            entry("includeMaxTokens", BOOLEAN),
            entry("includeTaskHistoryInEnhance", BOOLEAN),
            entry("language", STRING),
            entry("lastImageSavePath", STRING),
            entry("lastModeExportPath", STRING),
            entry("lastModeImportPath", STRING),
            entry("lastSettingsExportPath", STRING),
            entry("lastShownAnnouncementId", STRING),
            entry("lastTaskExportPath", STRING),
            entry("listApiConfigMeta", ARRAY),
            entry("litellmApiKey", STRING),
            entry("litellmBaseUrl", STRING),
            entry("litellmModelId", STRING),
            entry("litellmUsePromptCache", BOOLEAN),
            entry("lmStudioBaseUrl", STRING),
            entry("lmStudioDraftModelId", STRING),
            entry("lmStudioModelId", STRING),
            entry("lmStudioSpeculativeDecodingEnabled", BOOLEAN),
            entry("maxDiagnosticMessages", NUMBER),
            entry("maxGitStatusFiles", NUMBER),
            entry("maxImageFileSize", NUMBER),
            entry("maxOpenTabsContext", NUMBER),
            entry("maxTotalImageSize", NUMBER),
            entry("maxWorkspaceFiles", NUMBER),
            entry("mcpEnabled", BOOLEAN),
            entry("minimaxApiKey", STRING),
            entry("minimaxBaseUrl", STRING),
            entry("mistralApiKey", STRING),
            entry("mistralCodestralUrl", STRING),
            entry("mode", STRING),
            entry("modeApiConfigs", OBJECT),
            entry("modelMaxThinkingTokens", NUMBER),
            entry("modelMaxTokens", NUMBER),
            entry("modelTemperature", NUMBER),
            entry("moonshotApiKey", STRING),
            entry("moonshotBaseUrl", STRING),
            entry("ollamaApiKey", STRING),
            entry("ollamaBaseUrl", STRING),
            entry("ollamaModelId", STRING),
            entry("ollamaNumCtx", NUMBER),
            entry("openAiApiKey", STRING),
            entry("openAiBaseUrl", STRING),
            entry("openAiCustomModelInfo", OBJECT),
            entry("openAiHeaders", OBJECT),
            entry("openAiHostHeader", STRING),
            entry("openAiModelId", STRING),
            entry("openAiNativeApiKey", STRING),
            entry("openAiNativeBaseUrl", STRING),
            entry("openAiNativeServiceTier", STRING),
            entry("openAiR1FormatEnabled", BOOLEAN),
            entry("openAiStreamingEnabled", BOOLEAN),
            entry("openAiUseAzure", BOOLEAN),
            entry("openRouterApiKey", STRING),
            entry("openRouterBaseUrl", STRING),
            entry("openRouterImageApiKey", STRING),
            entry("openRouterImageGenerationSelectedModel", STRING),
            entry("openRouterModelId", STRING),
            entry("openRouterSpecificProvider", STRING),
            entry("pinnedApiConfigs", OBJECT),
            entry("preventCompletionWithOpenTodos", BOOLEAN),
            entry("profileThresholds", OBJECT),
            entry("qwenCodeOauthPath", STRING),
            entry("rateLimitSeconds", NUMBER),
            entry("reasoningBlockCollapsed", BOOLEAN),
            entry("reasoningEffort", STRING),
            entry("requestDelaySeconds", NUMBER),
            entry("requestyApiKey", STRING),
            entry("requestyBaseUrl", STRING),
            entry("requestyModelId", STRING),
            entry("rooApiKey", STRING),
            entry("sambaNovaApiKey", STRING),
            entry("showRooIgnoredFiles", BOOLEAN),
            entry("showWorktreesInHomeScreen", BOOLEAN),
            entry("soundEnabled", BOOLEAN),
            entry("soundVolume", NUMBER),
            entry("taskHistory", ARRAY),
            entry("telemetrySetting", STRING),
            entry("terminalCommandDelay", NUMBER),
            entry("terminalOutputPreviewSize", STRING),
            entry("terminalPowershellCounter", BOOLEAN),
            entry("terminalShellIntegrationDisabled", BOOLEAN),
            entry("terminalShellIntegrationTimeout", NUMBER),
            entry("terminalZdotdir", BOOLEAN),
            entry("terminalZshClearEolMark", BOOLEAN),
            entry("terminalZshOhMy", BOOLEAN),
            entry("terminalZshP10k", BOOLEAN),
            entry("todoListEnabled", BOOLEAN),
            entry("ttsEnabled", BOOLEAN),
            entry("ttsSpeed", NUMBER),
            entry("unboundApiKey", STRING),
            entry("unboundModelId", STRING),
            entry("verbosity", STRING),
            entry("vercelAiGatewayApiKey", STRING),
            entry("vercelAiGatewayModelId", STRING),
            entry("vertex1MContext", BOOLEAN),
            entry("vertexJsonCredentials", STRING),
            entry("vertexKeyFile", STRING),
            entry("vertexProjectId", STRING),
            entry("vertexRegion", STRING),
            entry("vsCodeLmModelSelector", OBJECT),
            entry("worktreeAutoOpenPath", STRING),
            entry("writeDelayMs", NUMBER),
            entry("xaiApiKey", STRING),
            entry("zaiApiKey", STRING),
            entry("zaiApiLine", STRING));

    private static final Set<String> SORTED = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        SORTED.addAll(KEYS.keySet());
    }

    private RooSettingsSchema() {}

    /** Whether Roo knows {@code key} (exactly as spelled: Roo's keys are case-sensitive). */
    public static boolean isKnown(String key) {
        return key != null && KEYS.containsKey(key);
    }

    /** The JSON type of {@code key}'s value, or empty for a key Roo does not know. */
    public static Optional<Type> type(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(KEYS.get(key));
    }

    /** Every key, in alphabetical order. */
    public static Set<String> keys() {
        return Collections.unmodifiableSet(SORTED);
    }

    /**
     * The known keys that {@code key} was probably meant to be, closest first (at most three): the same
     * key in another case, keys a few typing mistakes away, or keys that contain it. Empty when none is close.
     */
    public static List<String> suggestions(String key) {
        if (key == null || key.isBlank()) {
            return List.of();
        }
        String wanted = key.strip().toLowerCase(Locale.ROOT);
        int tolerance = Math.max(2, wanted.length() / 4);
        record Candidate(String key, int distance) {}
        return KEYS.keySet().stream()
                .map(known -> {
                    String lower = known.toLowerCase(Locale.ROOT);
                    int distance = DISTANCE.apply(wanted, lower);
                    if (distance > tolerance && wanted.length() >= 4 && lower.contains(wanted)) {
                        // "allowWrite" for "alwaysAllowWrite": ranked after the typing mistakes.
                        distance = tolerance + 1 + lower.length() - wanted.length();
                    } else if (distance > tolerance) {
                        return null;
                    }
                    return new Candidate(known, distance);
                })
                .filter(Objects::nonNull)
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .limit(MAX_SUGGESTIONS)
                .map(Candidate::key)
                .toList();
    }

    /**
     * Why {@code unknown} keys were refused and what to do, with the keys each was probably meant to be:
     * "'alwaysAllowWrit' is not a Roo setting (did you mean alwaysAllowWrite?). Nothing was changed: ..."
     */
    public static String describeUnknown(List<String> unknown) {
        List<String> named =
                unknown.stream().map(key -> "'" + key + "'" + didYouMean(key)).toList();
        String what = named.size() == 1
                ? "'" + unknown.get(0) + "' is not a Roo setting" + didYouMean(unknown.get(0))
                : "these are not Roo settings: " + String.join(", ", named);
        return what + ". Nothing was changed: correct the spelling (keys are case-sensitive) or leave "
                + (named.size() == 1 ? "it" : "them") + " out. Common settings: " + String.join(", ", COMMON_KEYS)
                + " (Roo Code " + ROO_VERSION + " has " + KEYS.size() + " in all).";
    }

    private static String didYouMean(String key) {
        List<String> near = suggestions(key);
        return near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)";
    }
}
