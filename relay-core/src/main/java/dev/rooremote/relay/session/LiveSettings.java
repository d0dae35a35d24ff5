package dev.rooremote.relay.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.bridge.BridgeException;
import dev.rooremote.relay.bridge.BridgeHello;
import dev.rooremote.relay.bridge.BridgeLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * get_settings and update_settings. A session whose bridge offers {@code readSettings} answers Roo's live
 * settings (the bridge's {@code getSettings}, secrets withheld by the bridge and named only); one whose
 * bridge offers {@code writeSettings} writes a change to Roo through the bridge ({@code setSettings}) and,
 * once Roo took it, to the stored {@link SettingsProfile}, so both agree. The relay's own checks come
 * first either way; a change Roo refuses changes nothing. Without such a bridge (stock IPC, or the bridge
 * away) both work on the stored profile, which the relay sends to Roo with every StartNewTask.
 *
 * <p>Confined to the session thread; the bridge's answers are taken up there.
 */
final class LiveSettings {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSettings.class);

    private final SessionLog log;
    private final SettingsProfile profile;
    private final BridgeLink bridge;
    private final Executor sessionThread;

    /**
     * @param bridge the session's bridge, or null when it has none
     * @param sessionThread where the bridge's answers are taken up
     */
    LiveSettings(SessionLog log, SettingsProfile profile, BridgeLink bridge, Executor sessionThread) {
        this.log = log;
        this.profile = profile;
        this.bridge = bridge;
        this.sessionThread = sessionThread;
    }

    /** Completes {@code result} with Roo's live settings, or the stored profile when they cannot be read. */
    void get(CompletableFuture<AckResult> result) {
        if (!offers(BridgeHello.READ_SETTINGS)) {
            result.complete(profile.view());
            return;
        }
        readLive(result);
    }

    /**
     * Checks {@code request} by the relay's rules, writes it to Roo through the bridge when it can, then to
     * the stored profile, logs the change and completes {@code result} with the settings read back.
     */
    void update(
            Caller caller,
            ClientMessage.UpdateSettings request,
            CompletableFuture<AckResult> result,
            Consumer<String> audit) {
        Map<String, JsonNode> changes = request.changes();
        profile.check(changes);
        if (!offers(BridgeHello.WRITE_SETTINGS)) {
            AckResult.Settings view = store(caller, changes, false);
            audit.accept("written to the stored profile");
            result.complete(view);
            return;
        }
        ObjectNode values = RooJson.object();
        changes.forEach(
                (key, value) -> values.set(key, value == null ? RooJson.nodes().nullNode() : value));
        ObjectNode params = RooJson.object();
        params.set("values", values);
        bridge.request("setSettings", params)
                .whenComplete((answer, failure) -> sessionThread.execute(() -> {
                    if (failure != null) {
                        result.completeExceptionally(refusal(failure));
                        return;
                    }
                    AckResult.Settings stored;
                    try {
                        stored = store(caller, changes, true);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                        return;
                    }
                    audit.accept("written to Roo through the bridge and to the stored profile");
                    if (offers(BridgeHello.READ_SETTINGS)) {
                        readLive(result);
                    } else {
                        result.complete(stored);
                    }
                }));
    }

    /**
     * Logs the mode a task the relay starts runs in when the prompt names none, so a session shows it before
     * its first task: the stored profile's {@code mode}, which goes with every StartNewTask, or else Roo's own
     * as its live settings say. Roo's IPC names a mode only when it changes. Nothing is logged when the
     * session shows that mode already, or when neither source has one.
     */
    void showMode() {
        Optional<String> configured = profile.forRoo().mode();
        if (configured.isPresent()) {
            show(configured.get());
            return;
        }
        if (!offers(BridgeHello.READ_SETTINGS)) {
            return;
        }
        CompletableFuture<AckResult> live = new CompletableFuture<>();
        // Completed on the session thread.
        live.thenAccept(answer -> {
            if (answer instanceof AckResult.Settings s && AckResult.Settings.FROM_ROO.equals(s.source())) {
                JsonNode mode = s.settings().get(RooSettings.Keys.MODE);
                if (mode != null && mode.isTextual() && !mode.textValue().isBlank()) {
                    show(mode.textValue());
                }
            }
        });
        readLive(live);
    }

    private void show(String mode) {
        if (!log.read(state -> state.mode().map(mode::equals).orElse(false))) {
            log.append(new SessionEvent.ModeChanged(null, mode));
        }
    }

    /** Completes {@code result} with Roo's provider profiles, read through the bridge. */
    void profiles(CompletableFuture<AckResult> result) {
        requireProfiles();
        readProfiles(result);
    }

    /**
     * Makes {@code request.name()} Roo's active provider profile through the bridge, then records it in the
     * stored profile ({@code currentApiConfigName}), so every task the relay starts runs on it: Roo applies a
     * StartNewTask's configuration, and its {@code currentApiConfigName} selects the profile. Completes
     * {@code result} with the profiles read back.
     */
    void useProfile(
            Caller caller,
            ClientMessage.UseProfile request,
            CompletableFuture<AckResult> result,
            Consumer<String> audit) {
        requireProfiles();
        String name = request.name();
        ObjectNode params = RooJson.object();
        params.put("name", name);
        bridge.request("activateProfile", params)
                .whenComplete((answer, failure) -> sessionThread.execute(() -> {
                    if (failure != null) {
                        result.completeExceptionally(profileRefusal(name, failure));
                        return;
                    }
                    Map<String, JsonNode> change = new java.util.LinkedHashMap<>();
                    change.put(
                            RooSettings.Keys.CURRENT_API_CONFIG_NAME,
                            RooJson.nodes().textNode(name));
                    try {
                        profile.update(change);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                        return;
                    }
                    log.append(profile.changedEvent(caller.name()));
                    log.append(new SessionEvent.UserAction(
                            caller.name(), "use_profile", null, "provider profile " + name));
                    audit.accept("provider profile " + name + ", active in Roo and for the tasks the relay starts");
                    readProfiles(result);
                }));
    }

    private void requireProfiles() {
        if (!offers(BridgeHello.PROFILES)) {
            String why = bridge == null
                    ? "it reaches Roo over stock IPC only, which cannot list or switch provider profiles; give it"
                            + " the roo-remote-bridge extension (docs/BRIDGE.md)"
                    : bridge.state().capabilities().reason();
            throw new RelayException(
                    ErrorCode.CAPABILITY_UNAVAILABLE,
                    "session '" + log.sessionId() + "' cannot show or switch Roo's provider profiles: " + why);
        }
    }

    private void readProfiles(CompletableFuture<AckResult> result) {
        bridge.request("listProfiles", RooJson.object())
                .whenComplete((answer, failure) -> sessionThread.execute(() -> {
                    if (failure != null) {
                        result.completeExceptionally(profileRefusal(null, failure));
                    } else {
                        result.complete(parseProfiles(answer));
                    }
                }));
    }

    private AckResult.Profiles parseProfiles(JsonNode answer) {
        List<AckResult.ProviderProfile> profiles = new ArrayList<>();
        if (answer != null) {
            answer.path("profiles").forEach(entry -> {
                String name = entry.path("name").textValue();
                if (name != null && !name.isEmpty()) {
                    profiles.add(new AckResult.ProviderProfile(
                            name,
                            entry.path("apiProvider").textValue(),
                            entry.path("modelId").textValue()));
                }
            });
        }
        String active = answer == null ? null : answer.path("active").textValue();
        return new AckResult.Profiles(log.sessionId(), profiles, active);
    }

    /** The bridge's refusal to list or switch profiles as the relay's error. */
    private RelayException profileRefusal(String name, Throwable failure) {
        Throwable cause = cause(failure);
        if (!(cause instanceof BridgeException e)) {
            return new RelayException(
                    ErrorCode.INTERNAL_ERROR, "the bridge failed on provider profiles: " + cause, cause);
        }
        String said = e.getMessage();
        return switch (e.code()) {
            case "unknown_profile" ->
                new RelayException(
                        ErrorCode.BAD_REQUEST,
                        "Roo has no provider profile named '" + name + "'; get_profiles lists the names (roo-agent"
                                + " profiles SESSION)");
            case "invalid" -> new RelayException(ErrorCode.BAD_REQUEST, said);
            case "unsupported" -> new RelayException(ErrorCode.CAPABILITY_UNAVAILABLE, said);
            case BridgeException.TIMEOUT ->
                new RelayException(
                        ErrorCode.TIMEOUT,
                        said + (name == null ? "" : "; profile " + name + " may or may not be active now: list them"));
            case BridgeException.UNAVAILABLE ->
                new RelayException(
                        ErrorCode.SESSION_UNAVAILABLE, "the bridge went away before it answered (" + said + ")");
            default -> new RelayException(ErrorCode.INTERNAL_ERROR, "Roo's bridge failed (" + e.code() + "): " + said);
        };
    }

    private AckResult.Settings store(Caller caller, Map<String, JsonNode> changes, boolean toRoo) {
        AckResult.Settings view = profile.update(changes);
        log.append(profile.changedEvent(caller.name()));
        log.append(new SessionEvent.UserAction(
                caller.name(),
                "update_settings",
                null,
                "changed " + String.join(", ", changes.keySet()) + (toRoo ? " (in Roo and the profile)" : "")));
        if (changes.containsKey(RooSettings.Keys.MODE)) {
            showMode();
        }
        return view;
    }

    private void readLive(CompletableFuture<AckResult> result) {
        bridge.request("getSettings", RooJson.object())
                .whenComplete((answer, failure) -> sessionThread.execute(() -> {
                    AckResult.Settings live = failure == null ? parse(answer) : null;
                    if (live == null) {
                        LOG.warn(
                                "session '{}': cannot read Roo's live settings ({}); answering the stored profile",
                                log.sessionId(),
                                failure == null ? "the bridge's answer has no settings object" : cause(failure));
                        result.complete(profile.view());
                    } else {
                        result.complete(live);
                    }
                }));
    }

    private AckResult.Settings parse(JsonNode answer) {
        JsonNode settings = answer == null ? null : answer.get("settings");
        if (settings == null || !settings.isObject()) {
            return null;
        }
        List<String> secretsSet = new ArrayList<>();
        answer.path("secretsSet").forEach(name -> {
            if (name.isTextual()) {
                secretsSet.add(name.textValue());
            }
        });
        return SettingsProfile.liveView(log.sessionId(), RooSettings.fromJson(settings), secretsSet);
    }

    private boolean offers(String capability) {
        return bridge != null && bridge.state().offers(capability);
    }

    /** The bridge's refusal of a settings change as the relay's error; its message never holds a value. */
    private static RelayException refusal(Throwable failure) {
        Throwable cause = cause(failure);
        if (!(cause instanceof BridgeException e)) {
            return new RelayException(ErrorCode.INTERNAL_ERROR, "the bridge failed on setSettings: " + cause, cause);
        }
        String said = e.getMessage();
        String unchanged = "; the relay's stored profile was not changed";
        return switch (e.code()) {
            case "invalid", "too_large" ->
                new RelayException(ErrorCode.INVALID_SETTINGS, "Roo refused the change: " + said + unchanged);
            case "unsupported" ->
                new RelayException(
                        ErrorCode.CAPABILITY_UNAVAILABLE,
                        "the bridge cannot write Roo's settings: " + said + unchanged);
            case BridgeException.TIMEOUT ->
                new RelayException(
                        ErrorCode.TIMEOUT,
                        said + "; the change may or may not have reached Roo" + unchanged + ": read the settings");
            case BridgeException.UNAVAILABLE ->
                new RelayException(
                        ErrorCode.SESSION_UNAVAILABLE,
                        "the bridge went away before it answered (" + said
                                + "); the change may or may not have reached Roo" + unchanged);
            default ->
                new RelayException(
                        ErrorCode.INVALID_SETTINGS,
                        "Roo did not take the change (" + e.code() + "): " + said + unchanged);
        };
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
