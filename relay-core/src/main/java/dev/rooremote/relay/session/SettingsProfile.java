package dev.rooremote.relay.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.protocol.roo.RooSettingsSchema;
import dev.rooremote.relay.RelayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A session's settings profile: the relay-owned Roo settings sent as {@code configuration} with every
 * StartNewTask (Roo's settings cannot be read over IPC; a session whose bridge reads them shows Roo's
 * live settings instead, see {@code LiveSettings}, and writes changes to both). Updates
 * are validated and persisted through the {@link SettingsStore}. Secret values (API keys, tokens) are
 * write-only: views and events name the secrets that are set, never their values. Thread-safe.
 */
public final class SettingsProfile {

    /** Settings a demo session starts with: auto-approval off, so its asks show. */
    public static final RooSettings DEMO_DEFAULTS = RooSettings.empty()
            .with(RooSettings.Keys.MODE, "code")
            .with(RooSettings.Keys.AUTO_APPROVAL_ENABLED, false)
            .with(RooSettings.Keys.ALWAYS_ALLOW_READ_ONLY, true)
            .with(RooSettings.Keys.ALWAYS_ALLOW_WRITE, false)
            .with(RooSettings.Keys.ALWAYS_ALLOW_EXECUTE, false)
            .with(RooSettings.Keys.ALLOWED_COMMANDS, List.of("npm test", "git status"))
            .with(RooSettings.Keys.DENIED_COMMANDS, List.of("rm -rf"));

    private static final int MAX_BYTES = 64 * 1024;
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
    private static final Pattern MODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> STRING_LISTS =
            Set.of(RooSettings.Keys.ALLOWED_COMMANDS, RooSettings.Keys.DENIED_COMMANDS);
    private static final Set<String> STRINGS = Set.of(
            RooSettings.Keys.MODE,
            RooSettings.Keys.API_PROVIDER,
            RooSettings.Keys.API_MODEL_ID,
            RooSettings.Keys.OPEN_AI_BASE_URL,
            RooSettings.Keys.OPEN_AI_MODEL_ID,
            RooSettings.Keys.CURRENT_API_CONFIG_NAME,
            RooSettings.Keys.CUSTOM_INSTRUCTIONS);
    private static final Set<String> NUMBERS = Set.of(
            RooSettings.Keys.FOLLOWUP_AUTO_APPROVE_TIMEOUT_MS,
            RooSettings.Keys.ALLOWED_MAX_REQUESTS,
            RooSettings.Keys.ALLOWED_MAX_COST);

    private final String sessionId;
    private final SettingsStore store;
    private RooSettings settings;

    public SettingsProfile(String sessionId, SettingsStore store, RooSettings defaults) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = store.load(sessionId)
                .map(RooSettings::fromJson)
                .orElse(defaults == null ? RooSettings.empty() : defaults);
    }

    /** The whole profile, secrets included: only for the StartNewTask sent to Roo. */
    public synchronized RooSettings forRoo() {
        return settings;
    }

    /** The profile as clients may see it. */
    public synchronized AckResult.Settings view() {
        return view(settings);
    }

    /** The event announcing the current profile, redacted like {@link #view()}. */
    public synchronized SessionEvent.SettingsChanged changedEvent(String by) {
        AckResult.Settings view = view(settings);
        return new SessionEvent.SettingsChanged(by, view.settings(), view.secrets());
    }

    /**
     * Applies {@code changes} (a JSON null removes a key), persists the result and returns the new view.
     *
     * @throws RelayException {@link ErrorCode#INVALID_SETTINGS} naming the first bad key; nothing changes then
     */
    public synchronized AckResult.Settings update(Map<String, JsonNode> changes) {
        RooSettings next = checked(changes);
        store.save(sessionId, next.toJson());
        settings = next;
        return view(next);
    }

    /**
     * Checks {@code changes} as {@link #update} would, without applying them.
     *
     * @throws RelayException {@link ErrorCode#INVALID_SETTINGS} naming the first bad key
     */
    public synchronized void check(Map<String, JsonNode> changes) {
        checked(changes);
    }

    private RooSettings checked(Map<String, JsonNode> changes) {
        if (changes == null || changes.isEmpty()) {
            throw invalid("no settings to change: give at least one key");
        }
        refuseUnknown(changes, settings);
        changes.forEach(SettingsProfile::validate);
        RooSettings next = settings.merge(changes);
        if (RooJson.write(next.asMap()).length() > MAX_BYTES) {
            throw invalid("the settings profile would exceed " + MAX_BYTES + " bytes; remove some values");
        }
        return next;
    }

    private AckResult.Settings view(RooSettings current) {
        return view(sessionId, current, List.of(), AckResult.Settings.FROM_PROFILE);
    }

    /**
     * Roo's live settings as clients may see them: secret keys are left out (and named in
     * {@code secrets} when set), values with credentials inside are redacted.
     *
     * @param secretsSet the secrets Roo reports as set, which its settings do not carry
     */
    public static AckResult.Settings liveView(String sessionId, RooSettings live, List<String> secretsSet) {
        return view(sessionId, live, secretsSet, AckResult.Settings.FROM_ROO);
    }

    private static AckResult.Settings view(
            String sessionId, RooSettings current, List<String> secretsSet, String source) {
        Map<String, JsonNode> visible = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        RooSettings redacted = current.redacted();
        for (Map.Entry<String, JsonNode> e : current.asMap().entrySet()) {
            if (RooSettings.isSecretKey(e.getKey()) && !e.getValue().isBoolean()) {
                if (!(e.getValue().isTextual() && e.getValue().textValue().isEmpty())) {
                    secrets.add(e.getKey());
                }
            } else {
                visible.put(e.getKey(), redacted.get(e.getKey()).orElse(e.getValue()));
            }
        }
        for (String name : secretsSet) {
            if (!secrets.contains(name)) {
                secrets.add(name);
            }
        }
        return new AckResult.Settings(sessionId, visible, secrets, source);
    }

    /**
     * Refuses keys Roo does not know (a null that removes a key the profile still holds is allowed, so a
     * setting an older Roo had can be cleared), naming every one with the keys it was probably meant to be.
     */
    private static void refuseUnknown(Map<String, JsonNode> changes, RooSettings current) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> change : changes.entrySet()) {
            String key = change.getKey();
            boolean removesStale =
                    (change.getValue() == null || change.getValue().isNull()) && key != null && current.has(key);
            if (!RooSettingsSchema.isKnown(key) && !removesStale) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid(RooSettingsSchema.describeUnknown(unknown));
        }
    }

    static void validate(String key, JsonNode value) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw invalid("'" + key + "' is not a settings key: keys are Roo setting names such as alwaysAllowWrite");
        }
        if (value == null || value.isNull()) {
            return;
        }
        if (isBooleanKey(key) && !value.isBoolean()) {
            throw invalid("'" + key + "' must be true or false, was " + describe(value));
        }
        if (STRING_LISTS.contains(key)) {
            if (!value.isArray()) {
                throw invalid("'" + key + "' must be a list of command prefixes, was " + describe(value));
            }
            for (JsonNode element : value) {
                if (!element.isTextual() || element.textValue().isBlank()) {
                    throw invalid("'" + key + "' must contain only non-empty strings, found " + describe(element));
                }
            }
        }
        if ((STRINGS.contains(key) || RooSettings.isSecretKey(key)) && !value.isTextual() && !isBooleanKey(key)) {
            throw invalid("'" + key + "' must be a string, was " + describe(value));
        }
        if (NUMBERS.contains(key) && (!value.isNumber() || value.asDouble() < 0)) {
            throw invalid("'" + key + "' must be a number of 0 or more, was " + describe(value));
        }
        RooSettingsSchema.Type type = RooSettingsSchema.type(key).orElse(RooSettingsSchema.Type.ANY);
        if (!type.accepts(value)) {
            throw invalid("'" + key + "' must be " + type.words() + ", was " + describe(value));
        }
        if (RooSettings.Keys.MODE.equals(key)
                && !MODE.matcher(value.textValue()).matches()) {
            throw invalid("'mode' must be a mode slug such as code, architect or ask, was '" + value.textValue() + "'");
        }
        if (RooSettings.Keys.OPEN_AI_BASE_URL.equals(key) && !isHttpUrl(value.textValue())) {
            throw invalid("'openAiBaseUrl' must be an http:// or https:// URL, was '"
                    + RooSettings.safeToShow(key, value).textValue() + "'");
        }
    }

    private static boolean isBooleanKey(String key) {
        return key.startsWith("alwaysAllow") || RooSettings.Keys.AUTO_APPROVAL_ENABLED.equals(key);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String describe(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static RelayException invalid(String message) {
        return new RelayException(ErrorCode.INVALID_SETTINGS, message);
    }

    /** A settings store that keeps profiles in memory, for sessions without persistence. */
    public static SettingsStore memoryStore() {
        Map<String, ObjectNode> map = new ConcurrentHashMap<>();
        return new SettingsStore() {
            @Override
            public Optional<ObjectNode> load(String sessionId) {
                return Optional.ofNullable(map.get(sessionId)).map(ObjectNode::deepCopy);
            }

            @Override
            public void save(String sessionId, ObjectNode settings) {
                map.put(sessionId, settings.deepCopy());
            }
        };
    }
}
