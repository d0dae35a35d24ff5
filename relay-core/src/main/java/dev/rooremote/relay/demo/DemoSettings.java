package dev.rooremote.relay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo Roo's settings and provider profiles, kept as Roo keeps them: a StartNewTask's configuration
 * is written over the settings and stays, and its {@code currentApiConfigName} then selects that provider
 * profile; activating a profile loads its provider settings. Answers the bridge's getSettings, setSettings,
 * listProfiles and activateProfile.
 *
 * <p>Confined to the demo engine's thread.
 */
final class DemoSettings {

    /**
     * What a fresh demo Roo holds: the relay's demo profile ({@code SettingsProfile.DEMO_DEFAULTS}) and the
     * active provider profile's settings, so its live settings and the relay's profile agree from the start.
     */
    static final RooSettings INITIAL = RooSettings.empty()
            .with(RooSettings.Keys.MODE, "code")
            .with(RooSettings.Keys.AUTO_APPROVAL_ENABLED, false)
            .with(RooSettings.Keys.ALWAYS_ALLOW_READ_ONLY, true)
            .with(RooSettings.Keys.ALWAYS_ALLOW_WRITE, false)
            .with(RooSettings.Keys.ALWAYS_ALLOW_EXECUTE, false)
            .with(RooSettings.Keys.ALLOWED_COMMANDS, List.of("npm test", "git status"))
            .with(RooSettings.Keys.DENIED_COMMANDS, List.of("rm -rf"));

    /** The provider settings every profile may hold; activating a profile replaces all of them. */
    private static final List<String> PROVIDER_KEYS = List.of(
            RooSettings.Keys.API_PROVIDER,
            RooSettings.Keys.API_MODEL_ID,
            RooSettings.Keys.OPEN_AI_BASE_URL,
            RooSettings.Keys.OPEN_AI_MODEL_ID);

    /** The settings keys the demo Roo knows, besides secrets and the {@code alwaysAllow...} switches. */
    private static final Set<String> KNOWN_KEYS = Set.of(
            RooSettings.Keys.MODE,
            RooSettings.Keys.API_PROVIDER,
            RooSettings.Keys.API_MODEL_ID,
            RooSettings.Keys.OPEN_AI_BASE_URL,
            RooSettings.Keys.OPEN_AI_MODEL_ID,
            RooSettings.Keys.CUSTOM_INSTRUCTIONS,
            RooSettings.Keys.AUTO_APPROVAL_ENABLED,
            RooSettings.Keys.ALLOWED_COMMANDS,
            RooSettings.Keys.DENIED_COMMANDS,
            RooSettings.Keys.FOLLOWUP_AUTO_APPROVE_TIMEOUT_MS,
            RooSettings.Keys.ALLOWED_MAX_REQUESTS,
            RooSettings.Keys.ALLOWED_MAX_COST);

    /** The demo's provider profiles, in Roo's order: a hosted model, and a local one behind an OpenAI-compatible server. */
    private final Map<String, RooSettings> profiles = new LinkedHashMap<>();

    {
        profiles.put(
                "default",
                RooSettings.empty()
                        .with(RooSettings.Keys.API_PROVIDER, "anthropic")
                        .with(RooSettings.Keys.API_MODEL_ID, "claude-sonnet-4-5"));
        profiles.put(
                "local",
                RooSettings.empty()
                        .with(RooSettings.Keys.API_PROVIDER, "openai")
                        .with(RooSettings.Keys.OPEN_AI_BASE_URL, "http://localhost:11434/v1")
                        .with(RooSettings.Keys.OPEN_AI_MODEL_ID, "qwen3-coder"));
    }

    private String active = "default";
    private RooSettings settings = INITIAL.merge(profiles.get(active));

    /** Writes a StartNewTask's configuration over the settings; a profile it names becomes active. */
    void applyTaskConfiguration(RooSettings configuration) {
        if (configuration == null) {
            return;
        }
        settings = settings.merge(configuration);
        configuration
                .string(RooSettings.Keys.CURRENT_API_CONFIG_NAME)
                .filter(profiles::containsKey)
                .ifPresent(this::activate);
    }

    /** Whether Roo approves a {@code key} ask ({@code alwaysAllowWrite}, ...) by itself. */
    boolean autoApproves(String key) {
        return settings.autoApprovalEnabled().orElse(false)
                && settings.bool(key).orElse(false);
    }

    /** Whether auto-approval lets {@code command} run: an allowed prefix and no denied one. */
    boolean commandAllowed(String command) {
        List<String> denied = settings.deniedCommands().orElse(List.of());
        List<String> allowed = settings.allowedCommands().orElse(List.of());
        boolean isDenied = denied.stream().anyMatch(prefix -> !prefix.isEmpty() && command.startsWith(prefix));
        boolean isAllowed = allowed.stream().anyMatch(prefix -> "*".equals(prefix) || command.startsWith(prefix));
        return isAllowed && !isDenied;
    }

    /** The settings as the bridge's getSettings gives them: secrets left out, and named when set. */
    BridgeAnswer forBridge() {
        ObjectNode result = RooJson.object();
        ObjectNode visible = result.putObject("settings");
        List<String> secretsSet = new ArrayList<>();
        settings.asMap().forEach((key, value) -> {
            if (RooSettings.isSecretKey(key) && !value.isBoolean()) {
                if (!value.isNull() && !(value.isTextual() && value.textValue().isEmpty())) {
                    secretsSet.add(key);
                }
            } else {
                visible.set(key, value);
            }
        });
        visible.put(RooSettings.Keys.CURRENT_API_CONFIG_NAME, active);
        Collections.sort(secretsSet);
        result.set("secretsSet", RooJson.toTree(secretsSet));
        return BridgeAnswer.ok(result);
    }

    /**
     * Writes {@code values} over the settings as the bridge's setSettings does: every key must be one the
     * demo Roo knows, or nothing changes; a null unsets a key. The result names the keys that changed.
     */
    BridgeAnswer set(JsonNode values) {
        if (values == null || !values.isObject()) {
            return BridgeAnswer.error("invalid", "setSettings needs values (an object)");
        }
        List<String> bad = new ArrayList<>();
        values.fieldNames().forEachRemaining(key -> {
            if (!knows(key)) {
                bad.add(key);
            }
        });
        if (!bad.isEmpty()) {
            return BridgeAnswer.error(
                    "invalid",
                    String.join(", ", bad.stream().map(k -> "\"" + k + "\"").toList())
                            + (bad.size() == 1 ? " is not a setting" : " are not settings")
                            + " of the demo Roo");
        }
        List<String> changed = new ArrayList<>();
        Map<String, JsonNode> patch = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> {
            JsonNode now = settings.get(e.getKey()).orElse(null);
            boolean same = e.getValue().isNull() ? now == null : e.getValue().equals(now);
            if (!same) {
                changed.add(e.getKey());
                patch.put(e.getKey(), e.getValue());
            }
        });
        settings = settings.merge(patch);
        // Roo saves what setConfiguration is given as the active provider profile.
        RooSettings saved = profiles.get(active);
        for (String key : PROVIDER_KEYS) {
            if (patch.containsKey(key)) {
                saved = settings.get(key).isPresent()
                        ? saved.with(key, settings.get(key).get())
                        : saved.without(key);
            }
        }
        profiles.put(active, saved);
        Collections.sort(changed);
        ObjectNode result = RooJson.object();
        result.set("changed", RooJson.toTree(changed));
        return BridgeAnswer.ok(result);
    }

    /** The provider profiles as the bridge's listProfiles gives them. */
    BridgeAnswer listProfiles() {
        ObjectNode result = RooJson.object();
        var list = result.putArray("profiles");
        profiles.forEach((name, values) -> {
            ObjectNode entry = list.addObject();
            entry.put("name", name);
            entry.put("id", "demo-" + name);
            values.apiProvider().ifPresent(provider -> entry.put("apiProvider", provider));
            values.apiModelId().or(values::openAiModelId).ifPresent(model -> entry.put("modelId", model));
        });
        result.put("active", active);
        return BridgeAnswer.ok(result);
    }

    /** Makes {@code name} the active profile, as the bridge's activateProfile does. */
    BridgeAnswer activateProfile(JsonNode name) {
        if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
            return BridgeAnswer.error("invalid", "activateProfile needs \"name\": the name of a provider profile.");
        }
        if (!profiles.containsKey(name.textValue())) {
            return BridgeAnswer.error(
                    "unknown_profile", "The demo Roo has no provider profile named \"" + name.textValue() + "\".");
        }
        activate(name.textValue());
        ObjectNode result = RooJson.object();
        result.put("active", active);
        return BridgeAnswer.ok(result);
    }

    private void activate(String name) {
        active = name;
        RooSettings next = settings;
        for (String key : PROVIDER_KEYS) {
            next = next.without(key);
        }
        settings = next.merge(profiles.get(name));
    }

    private static boolean knows(String key) {
        return KNOWN_KEYS.contains(key) || key.startsWith("alwaysAllow") || RooSettings.isSecretKey(key);
    }
}
