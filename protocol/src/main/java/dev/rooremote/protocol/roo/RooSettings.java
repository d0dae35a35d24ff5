package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An immutable, typed view over a Roo settings object (Roo's {@code rooCodeSettingsSchema}, which includes
 * the provider settings), as sent in {@code StartNewTask.configuration}. Backed by an insertion-ordered map,
 * so keys this class has no getter for are kept and sent on unchanged.
 */
public final class RooSettings {

    /** Key names used by the relay; see {@code rooCodeSettingsSchema} for the full list. */
    public static final class Keys {
        public static final String MODE = "mode";
        public static final String API_PROVIDER = "apiProvider";
        public static final String API_MODEL_ID = "apiModelId";
        public static final String API_KEY = "apiKey";
        public static final String OPEN_AI_BASE_URL = "openAiBaseUrl";
        public static final String OPEN_AI_API_KEY = "openAiApiKey";
        public static final String OPEN_AI_MODEL_ID = "openAiModelId";
        public static final String CURRENT_API_CONFIG_NAME = "currentApiConfigName";
        public static final String CUSTOM_INSTRUCTIONS = "customInstructions";
        public static final String AUTO_APPROVAL_ENABLED = "autoApprovalEnabled";
        public static final String ALWAYS_ALLOW_READ_ONLY = "alwaysAllowReadOnly";
        public static final String ALWAYS_ALLOW_READ_ONLY_OUTSIDE_WORKSPACE = "alwaysAllowReadOnlyOutsideWorkspace";
        public static final String ALWAYS_ALLOW_WRITE = "alwaysAllowWrite";
        public static final String ALWAYS_ALLOW_WRITE_OUTSIDE_WORKSPACE = "alwaysAllowWriteOutsideWorkspace";
        public static final String ALWAYS_ALLOW_WRITE_PROTECTED = "alwaysAllowWriteProtected";
        public static final String ALWAYS_ALLOW_EXECUTE = "alwaysAllowExecute";
        public static final String ALLOWED_COMMANDS = "allowedCommands";
        public static final String DENIED_COMMANDS = "deniedCommands";
        public static final String ALWAYS_ALLOW_MCP = "alwaysAllowMcp";
        public static final String ALWAYS_ALLOW_MODE_SWITCH = "alwaysAllowModeSwitch";
        public static final String ALWAYS_ALLOW_SUBTASKS = "alwaysAllowSubtasks";
        public static final String ALWAYS_ALLOW_FOLLOWUP_QUESTIONS = "alwaysAllowFollowupQuestions";
        public static final String FOLLOWUP_AUTO_APPROVE_TIMEOUT_MS = "followupAutoApproveTimeoutMs";
        public static final String ALLOWED_MAX_REQUESTS = "allowedMaxRequests";
        public static final String ALLOWED_MAX_COST = "allowedMaxCost";

        private Keys() {}
    }

    /** Credentials inside a URL ({@code https://user:password@host/}): secrets too, wherever they are. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

    /** What {@link #redacted()} puts in place of a secret value. */
    public static final String REDACTED = "[redacted]";

    // Roo's SECRET_STATE_KEYS and GLOBAL_SECRET_KEYS (@roo-code/types 1.115.0); the pattern below catches
    // provider keys added later.
    private static final Set<String> KNOWN_SECRET_KEYS = Set.of(
            "apiKey",
            "openRouterApiKey",
            "awsAccessKey",
            "awsApiKey",
            "awsSecretKey",
            "awsSessionToken",
            "openAiApiKey",
            "ollamaApiKey",
            "geminiApiKey",
            "openAiNativeApiKey",
            "deepSeekApiKey",
            "moonshotApiKey",
            "mistralApiKey",
            "minimaxApiKey",
            "requestyApiKey",
            "unboundApiKey",
            "xaiApiKey",
            "litellmApiKey",
            "codeIndexOpenAiKey",
            "codeIndexQdrantApiKey",
            "codebaseIndexOpenAiCompatibleApiKey",
            "codebaseIndexGeminiApiKey",
            "codebaseIndexMistralApiKey",
            "codebaseIndexVercelAiGatewayApiKey",
            "codebaseIndexOpenRouterApiKey",
            "sambaNovaApiKey",
            "zaiApiKey",
            "fireworksApiKey",
            "vercelAiGatewayApiKey",
            "basetenApiKey",
            "openRouterImageApiKey",
            "rooApiKey",
            "vertexJsonCredentials");

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(key|token|secret|password|passwd|credentials|authorization|cookie)$|(?i).*(apikey|secret|password).*");

    // Boolean switches such as awsUseApiKey or anthropicUseAuthToken name a secret but hold none.
    private static final Pattern SWITCH_NAME = Pattern.compile("(?:^use|[a-z]Use)[A-Z]");

    private static final RooSettings EMPTY = new RooSettings(new LinkedHashMap<>());

    private final Map<String, JsonNode> values;

    private RooSettings(LinkedHashMap<String, JsonNode> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static RooSettings empty() {
        return EMPTY;
    }

    /** Settings from a map of JSON values; insertion order is kept, Java nulls become absent keys. */
    @JsonCreator
    public static RooSettings of(Map<String, JsonNode> values) {
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, v);
                }
            });
        }
        return new RooSettings(copy);
    }

    /** Settings from a JSON object. */
    public static RooSettings fromJson(JsonNode object) {
        if (object == null || object.isNull() || object.isMissingNode()) {
            return EMPTY;
        }
        if (!object.isObject()) {
            throw new IllegalArgumentException("settings must be a JSON object, got " + object.getNodeType());
        }
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> copy.put(e.getKey(), e.getValue().deepCopy()));
        return new RooSettings(copy);
    }

    /** The settings as an unmodifiable, ordered map. */
    @JsonValue
    public Map<String, JsonNode> asMap() {
        return values;
    }

    public ObjectNode toJson() {
        ObjectNode node = RooJson.object();
        values.forEach((k, v) -> node.set(k, v.deepCopy()));
        return node;
    }

    public Optional<JsonNode> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Optional<String> string(String key) {
        JsonNode v = values.get(key);
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    public Optional<Boolean> bool(String key) {
        JsonNode v = values.get(key);
        return v != null && v.isBoolean() ? Optional.of(v.booleanValue()) : Optional.empty();
    }

    public Optional<List<String>> strings(String key) {
        JsonNode v = values.get(key);
        if (v == null || !v.isArray()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (e.isTextual()) {
                out.add(e.textValue());
            }
        }
        return Optional.of(List.copyOf(out));
    }

    public Optional<String> mode() {
        return string(Keys.MODE);
    }

    public Optional<String> apiProvider() {
        return string(Keys.API_PROVIDER);
    }

    public Optional<String> apiModelId() {
        return string(Keys.API_MODEL_ID);
    }

    public Optional<String> openAiModelId() {
        return string(Keys.OPEN_AI_MODEL_ID);
    }

    public Optional<String> openAiBaseUrl() {
        return string(Keys.OPEN_AI_BASE_URL);
    }

    public Optional<String> customInstructions() {
        return string(Keys.CUSTOM_INSTRUCTIONS);
    }

    public Optional<Boolean> autoApprovalEnabled() {
        return bool(Keys.AUTO_APPROVAL_ENABLED);
    }

    public Optional<Boolean> alwaysAllowReadOnly() {
        return bool(Keys.ALWAYS_ALLOW_READ_ONLY);
    }

    public Optional<Boolean> alwaysAllowWrite() {
        return bool(Keys.ALWAYS_ALLOW_WRITE);
    }

    public Optional<Boolean> alwaysAllowExecute() {
        return bool(Keys.ALWAYS_ALLOW_EXECUTE);
    }

    public Optional<List<String>> allowedCommands() {
        return strings(Keys.ALLOWED_COMMANDS);
    }

    public Optional<List<String>> deniedCommands() {
        return strings(Keys.DENIED_COMMANDS);
    }

    public Optional<Boolean> alwaysAllowMcp() {
        return bool(Keys.ALWAYS_ALLOW_MCP);
    }

    public Optional<Boolean> alwaysAllowModeSwitch() {
        return bool(Keys.ALWAYS_ALLOW_MODE_SWITCH);
    }

    public Optional<Boolean> alwaysAllowSubtasks() {
        return bool(Keys.ALWAYS_ALLOW_SUBTASKS);
    }

    public Optional<Boolean> alwaysAllowFollowupQuestions() {
        return bool(Keys.ALWAYS_ALLOW_FOLLOWUP_QUESTIONS);
    }

    /**
     * A copy with {@code key} set to {@code value} (converted with {@link RooJson}); a null value removes the
     * key, because Roo's schema rejects JSON null where it expects an optional value.
     */
    public RooSettings with(String key, Object value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>(values);
        JsonNode node = value == null ? NullNode.instance : RooJson.toTree(value);
        if (node.isNull()) {
            copy.remove(key);
        } else {
            copy.put(key, node);
        }
        return new RooSettings(copy);
    }

    public RooSettings without(String key) {
        return with(key, null);
    }

    /**
     * A copy with every key of {@code patch} applied over this one (JSON merge patch at the top level): keys
     * keep their position, new keys go last, and a JSON null in the patch removes the key.
     */
    public RooSettings merge(RooSettings patch) {
        return patch == null ? this : merge(patch.values);
    }

    public RooSettings merge(Map<String, JsonNode> patch) {
        if (patch == null || patch.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>(values);
        patch.forEach((k, v) -> {
            if (v == null || v.isNull()) {
                copy.remove(k);
            } else {
                copy.put(k, v.deepCopy());
            }
        });
        return new RooSettings(copy);
    }

    /**
     * Whether a settings key holds a credential: Roo's own secret keys, and by name anything that is an API
     * key, token, secret, password or credential. Boolean switches like {@code awsUseApiKey} are not.
     */
    public static boolean isSecretKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        if (KNOWN_SECRET_KEYS.contains(key)) {
            return true;
        }
        if (SWITCH_NAME.matcher(key).find()) {
            return false;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith("tokens") || lower.endsWith("keyfile") || lower.endsWith("keys")) {
            return false;
        }
        return SECRET_NAME.matcher(key).matches();
    }

    /** Whether any secret value is present (at any depth, e.g. an Authorization header). */
    public boolean hasSecrets() {
        return !redacted().values.equals(values);
    }

    /**
     * A copy safe to log or show: every secret value, also inside nested objects such as
     * {@code openAiHeaders}, is replaced by {@link #REDACTED}, and so are credentials inside URLs
     * ({@code https://[redacted]@host/}). Empty strings stay empty so "no key set" is still visible.
     */
    public RooSettings redacted() {
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, redact(k, v)));
        return new RooSettings(copy);
    }

    /** Whether {@code text} holds a URL with credentials in it ({@code https://user:pass@host}). */
    public static boolean hasUrlCredentials(String text) {
        return text != null && URL_CREDENTIALS.matcher(text).find();
    }

    /** {@code value} of the setting {@code key} as it may be shown: secrets and URL credentials redacted. */
    public static JsonNode safeToShow(String key, JsonNode value) {
        return redact(key, value);
    }

    private static JsonNode redact(String key, JsonNode value) {
        if (isSecretKey(key) && !value.isBoolean() && !value.isNull()) {
            if (value.isTextual() && value.textValue().isEmpty()) {
                return value;
            }
            return TextNode.valueOf(REDACTED);
        }
        if (value.isObject()) {
            ObjectNode out = RooJson.object();
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), redact(e.getKey(), e.getValue()));
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = RooJson.mapper().createArrayNode();
            value.forEach(e -> out.add(redact("", e)));
            return out;
        }
        if (value.isTextual() && URL_CREDENTIALS.matcher(value.textValue()).find()) {
            return TextNode.valueOf(URL_CREDENTIALS.matcher(value.textValue()).replaceAll("$1" + REDACTED + "@"));
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RooSettings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The redacted JSON, so settings never leak a key into a log by accident. */
    @Override
    public String toString() {
        return "RooSettings" + RooJson.write(redacted().values);
    }
}
