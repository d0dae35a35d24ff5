package dev.rooremote.console.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.connect.RequestFailedException;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.protocol.roo.RooSettings.Keys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A session's settings: Roo's live ones where the session has the bridge, else the relay's stored profile
 * ({@link #sourceProperty()} says which, in words). Mode, provider and model, API key (write-only),
 * auto-approval, allowed and denied commands, custom instructions. Validates before saving and sends
 * only what changed. Only admins may change settings; everyone else sees them read-only.
 */
public final class SettingsViewModel {

    /** The auto-approval switches the editor offers, with their labels. */
    public static final Map<String, String> APPROVALS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Keys.AUTO_APPROVAL_ENABLED, "Auto-approval enabled");
        m.put(Keys.ALWAYS_ALLOW_READ_ONLY, "Read files");
        m.put(Keys.ALWAYS_ALLOW_WRITE, "Write files");
        m.put(Keys.ALWAYS_ALLOW_EXECUTE, "Run allowed commands");
        m.put(Keys.ALWAYS_ALLOW_MCP, "Use MCP servers");
        m.put(Keys.ALWAYS_ALLOW_MODE_SWITCH, "Switch modes");
        m.put(Keys.ALWAYS_ALLOW_SUBTASKS, "Create subtasks");
        m.put(Keys.ALWAYS_ALLOW_FOLLOWUP_QUESTIONS, "Answer followup questions");
        APPROVALS = java.util.Collections.unmodifiableMap(m);
    }

    public static final List<String> PROVIDERS = List.of(
            "anthropic",
            "openai",
            "openai-native",
            "openrouter",
            "gemini",
            "bedrock",
            "vertex",
            "ollama",
            "lmstudio",
            "deepseek",
            "mistral",
            "xai",
            "litellm",
            "requesty",
            "fake-ai");

    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");
    private static final int MAX_INSTRUCTIONS = 20_000;
    private static final int MAX_COMMAND = 300;

    private final RelayLink link;
    private final String sessionId;
    private final UiExecutor ui;
    private final ObservableList<SessionEvent.Mode> modes;

    private final StringProperty mode = new SimpleStringProperty(this, "mode", "");
    private final StringProperty provider = new SimpleStringProperty(this, "provider", "");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final StringProperty baseUrl = new SimpleStringProperty(this, "baseUrl", "");
    private final StringProperty apiKey = new SimpleStringProperty(this, "apiKey", "");
    private final BooleanProperty clearApiKey = new SimpleBooleanProperty(this, "clearApiKey", false);
    private final Map<String, BooleanProperty> approvals = new LinkedHashMap<>();
    private final StringProperty allowedCommands = new SimpleStringProperty(this, "allowedCommands", "");
    private final StringProperty deniedCommands = new SimpleStringProperty(this, "deniedCommands", "");
    private final StringProperty customInstructions = new SimpleStringProperty(this, "customInstructions", "");

    private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper(this, "editable", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper apiKeySet = new ReadOnlyBooleanWrapper(this, "apiKeySet", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ObservableList<String> errors = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would drop listeners when collected.
    private final ObservableList<String> errorsView = FXCollections.unmodifiableObservableList(errors);

    private RooSettings loadedSettings = RooSettings.empty();
    private List<String> secrets = List.of();
    private boolean live;

    public SettingsViewModel(RelayLink link, String sessionId, UiExecutor ui, ObservableList<SessionEvent.Mode> modes) {
        this.link = link;
        this.sessionId = sessionId;
        this.ui = ui;
        this.modes = modes;
        APPROVALS.keySet().forEach(key -> approvals.put(key, new SimpleBooleanProperty(this, key, false)));
        boolean admin = link.role().atLeast(Role.ADMIN);
        editable.set(admin);
        if (!admin) {
            message.set("Read-only: only admins can change a session's settings (you are "
                    + link.role().wire() + ").");
        }
    }

    /** Reads the settings from the relay. */
    public void load() {
        busy.set(true);
        ui.whenDone(
                link.getSettings(sessionId),
                result -> {
                    busy.set(false);
                    show(result);
                },
                error -> {
                    busy.set(false);
                    message.set(RequestFailedException.describe("loading of settings", error));
                });
    }

    /** Shows settings as the relay returned them; the form then has no unsaved changes. */
    public void show(AckResult.Settings result) {
        loadedSettings = RooSettings.of(result.settings());
        secrets = result.secrets();
        live = result.live();
        source.set(
                live
                        ? "Roo's live settings, read through the session's bridge. Saving changes Roo at once and the"
                                + " relay's profile for this session."
                        : "The relay's stored settings for this session: Roo gets them with every new task.");
        mode.set(loadedSettings.mode().orElse(""));
        provider.set(loadedSettings.apiProvider().orElse(""));
        model.set(loadedSettings.string(modelKey()).orElse(""));
        baseUrl.set(loadedSettings.openAiBaseUrl().orElse(""));
        apiKey.set("");
        clearApiKey.set(false);
        apiKeySet.set(secrets.contains(apiKeyKey()));
        approvals.forEach(
                (key, property) -> property.set(loadedSettings.bool(key).orElse(false)));
        allowedCommands.set(String.join("\n", loadedSettings.allowedCommands().orElse(List.of())));
        deniedCommands.set(String.join("\n", loadedSettings.deniedCommands().orElse(List.of())));
        customInstructions.set(loadedSettings.customInstructions().orElse(""));
        errors.clear();
        loaded.set(true);
    }

    /** Every problem with the form, in words for people; empty when it can be saved. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        String m = mode.get().trim();
        if (!m.isEmpty() && !SLUG.matcher(m).matches()) {
            problems.add("Mode: use the mode's slug (letters, digits, '-' or '_'), e.g. code or architect.");
        }
        if (!m.isEmpty()
                && !modes.isEmpty()
                && modes.stream().noneMatch(x -> x.slug().equals(m))) {
            problems.add("Mode: Roo offers no mode '" + m + "'. Pick one from the list.");
        }
        String p = provider.get().trim();
        if (!p.isEmpty() && !NO_SPACE.matcher(p).matches()) {
            problems.add("Provider: no spaces allowed (e.g. anthropic, openai).");
        }
        String md = model.get().trim();
        if (!md.isEmpty() && !NO_SPACE.matcher(md).matches()) {
            problems.add("Model: no spaces allowed (e.g. claude-sonnet-4-5).");
        }
        String url = baseUrl.get().trim();
        if (!url.isEmpty() && !(url.startsWith("http://") || url.startsWith("https://"))) {
            problems.add("Base URL: must start with http:// or https://.");
        }
        String key = apiKey.get();
        if (!key.isEmpty() && !NO_SPACE.matcher(key).matches()) {
            problems.add("API key: it contains spaces or line breaks; paste the key alone.");
        }
        problems.addAll(validateCommands("Allowed commands", allowedCommands.get()));
        problems.addAll(validateCommands("Denied commands", deniedCommands.get()));
        Set<String> both = new LinkedHashSet<>(lines(allowedCommands.get()));
        both.retainAll(lines(deniedCommands.get()));
        if (!both.isEmpty()) {
            problems.add("Commands both allowed and denied: " + String.join(", ", both) + ". Keep each in one list.");
        }
        if (customInstructions.get().length() > MAX_INSTRUCTIONS) {
            problems.add("Custom instructions: at most " + MAX_INSTRUCTIONS + " characters (now "
                    + customInstructions.get().length() + ").");
        }
        return problems;
    }

    /** The changes to send: only keys whose value differs from what the relay has. */
    public Map<String, JsonNode> changes() {
        Map<String, JsonNode> changes = new LinkedHashMap<>();
        diffText(changes, Keys.MODE, mode.get());
        diffText(changes, Keys.API_PROVIDER, provider.get());
        diffText(changes, modelKey(), model.get());
        diffText(changes, Keys.OPEN_AI_BASE_URL, baseUrl.get());
        approvals.forEach((key, property) -> {
            boolean before = loadedSettings.bool(key).orElse(false);
            if (before != property.get()) {
                changes.put(key, BooleanNode.valueOf(property.get()));
            }
        });
        diffList(changes, Keys.ALLOWED_COMMANDS, allowedCommands.get());
        diffList(changes, Keys.DENIED_COMMANDS, deniedCommands.get());
        diffText(changes, Keys.CUSTOM_INSTRUCTIONS, customInstructions.get());
        if (!apiKey.get().isEmpty()) {
            changes.put(apiKeyKey(), TextNode.valueOf(apiKey.get()));
        } else if (clearApiKey.get() && apiKeySet.get()) {
            changes.put(apiKeyKey(), NullNode.instance);
        }
        return changes;
    }

    /** Validates and saves; the relay answers with the settings as now stored. */
    public void save() {
        if (!editable.get()) {
            return;
        }
        List<String> problems = validate();
        errors.setAll(problems);
        if (!problems.isEmpty()) {
            message.set("Not saved: fix the problems listed.");
            return;
        }
        Map<String, JsonNode> changes = changes();
        if (changes.isEmpty()) {
            message.set("Nothing changed.");
            return;
        }
        busy.set(true);
        message.set("Saving…");
        ui.whenDone(
                link.updateSettings(sessionId, changes),
                result -> {
                    busy.set(false);
                    show(result);
                    message.set(
                            live
                                    ? "Saved. Roo uses these settings now."
                                    : "Saved. New tasks in this session use these settings.");
                },
                error -> {
                    busy.set(false);
                    message.set(RequestFailedException.describe("save", error));
                });
    }

    /** Throws away unsaved edits. */
    public void revert() {
        show(new AckResult.Settings(
                sessionId,
                loadedSettings.asMap(),
                secrets,
                live ? AckResult.Settings.FROM_ROO : AckResult.Settings.FROM_PROFILE));
        message.set("");
    }

    private String modelKey() {
        return "openai".equals(provider.get().trim()) ? Keys.OPEN_AI_MODEL_ID : Keys.API_MODEL_ID;
    }

    private String apiKeyKey() {
        return "openai".equals(provider.get().trim()) ? Keys.OPEN_AI_API_KEY : Keys.API_KEY;
    }

    private void diffText(Map<String, JsonNode> changes, String key, String value) {
        String now = value == null ? "" : value.trim();
        String before = loadedSettings.string(key).orElse("");
        if (!now.equals(before)) {
            changes.put(key, now.isEmpty() ? NullNode.instance : TextNode.valueOf(now));
        }
    }

    private void diffList(Map<String, JsonNode> changes, String key, String text) {
        List<String> now = lines(text);
        List<String> before = loadedSettings.strings(key).orElse(List.of());
        if (!now.equals(before)) {
            ArrayNode array = RooJson.mapper().createArrayNode();
            now.forEach(array::add);
            changes.put(key, array);
        }
    }

    private static List<String> validateCommands(String label, String text) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String line : lines(text)) {
            if (line.length() > MAX_COMMAND) {
                problems.add(
                        label + ": '" + line.substring(0, 30) + "…' is longer than " + MAX_COMMAND + " characters.");
            }
            if (!seen.add(line)) {
                problems.add(label + ": '" + line + "' is listed twice.");
            }
        }
        return problems;
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    public StringProperty modeProperty() {
        return mode;
    }

    public StringProperty providerProperty() {
        return provider;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty baseUrlProperty() {
        return baseUrl;
    }

    public StringProperty apiKeyProperty() {
        return apiKey;
    }

    public BooleanProperty clearApiKeyProperty() {
        return clearApiKey;
    }

    public BooleanProperty approvalProperty(String key) {
        return approvals.get(key);
    }

    public StringProperty allowedCommandsProperty() {
        return allowedCommands;
    }

    public StringProperty deniedCommandsProperty() {
        return deniedCommands;
    }

    public StringProperty customInstructionsProperty() {
        return customInstructions;
    }

    public ReadOnlyBooleanProperty editableProperty() {
        return editable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty apiKeySetProperty() {
        return apiKeySet.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Where the settings shown were read, in words. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ObservableList<String> errors() {
        return errorsView;
    }

    public ObservableList<SessionEvent.Mode> modes() {
        return modes;
    }
}
