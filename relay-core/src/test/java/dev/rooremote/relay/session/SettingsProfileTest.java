package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.RelayException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsProfileTest {

    final SettingsStore store = SettingsProfile.memoryStore();

    static JsonNode json(String text) {
        return RooJson.parse(text);
    }

    static RelayException refused(SettingsProfile profile, String key, String value) {
        Map<String, JsonNode> change = new LinkedHashMap<>();
        change.put(key, json(value));
        try {
            profile.update(change);
        } catch (RelayException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SETTINGS);
            return e;
        }
        throw new AssertionError(key + "=" + value + " was accepted");
    }

    @Test
    void refusesWrongTypesNamingTheKey() {
        SettingsProfile profile = new SettingsProfile("s", store, SettingsProfile.DEMO_DEFAULTS);

        assertThat(refused(profile, "alwaysAllowExecute", "\"true\"")).hasMessageContaining("'alwaysAllowExecute'");
        assertThat(refused(profile, "autoApprovalEnabled", "1")).hasMessageContaining("true or false");
        assertThat(refused(profile, "allowedCommands", "[\"npm test\", 3]")).hasMessageContaining("allowedCommands");
        assertThat(refused(profile, "deniedCommands", "\"rm\"")).hasMessageContaining("list");
        assertThat(refused(profile, "mode", "\"not a mode!\"")).hasMessageContaining("mode slug");
        assertThat(refused(profile, "openAiBaseUrl", "\"ftp://x\"")).hasMessageContaining("http");
        assertThat(refused(profile, "allowedMaxCost", "-1")).hasMessageContaining("0 or more");
        assertThat(refused(profile, "openAiApiKey", "42")).hasMessageContaining("string");
        assertThat(refused(profile, "bad key", "1")).hasMessageContaining("'bad key' is not a Roo setting");
        // the types of Roo's schema, for keys the relay has no rule of its own for
        assertThat(refused(profile, "writeDelayMs", "\"soon\""))
                .hasMessageContaining("'writeDelayMs' must be a number");
        assertThat(refused(profile, "openAiHeaders", "[1]")).hasMessageContaining("a JSON object");
        // nothing was changed by the refused updates
        assertThat(profile.forRoo()).isEqualTo(SettingsProfile.DEMO_DEFAULTS);
        assertThat(store.load("s")).isEmpty();
    }

    @Test
    void refusesKeysRooDoesNotKnowNamingThemWithSuggestions() {
        SettingsProfile profile = new SettingsProfile("s", store, SettingsProfile.DEMO_DEFAULTS);

        assertThat(refused(profile, "foo", "\"bar\""))
                .hasMessageStartingWith("'foo' is not a Roo setting.")
                .hasMessageContaining("Nothing was changed")
                .hasMessageContaining("alwaysAllowWrite, alwaysAllowExecute");
        assertThat(refused(profile, "alwaysAlowWrite", "true"))
                .hasMessageStartingWith("'alwaysAlowWrite' is not a Roo setting (did you mean alwaysAllowWrite");
        // every unknown key is named at once, and the known ones beside them are not applied either
        Map<String, JsonNode> change = new LinkedHashMap<>();
        change.put("alwaysAllowWrite", json("true"));
        change.put("foo", json("1"));
        change.put("AutoApprovalEnabled", json("true"));
        assertThatThrownBy(() -> profile.update(change))
                .hasMessageStartingWith("these are not Roo settings: 'foo', 'AutoApprovalEnabled' (did you mean"
                        + " autoApprovalEnabled?)");
        assertThat(profile.forRoo()).isEqualTo(SettingsProfile.DEMO_DEFAULTS);
        assertThat(store.load("s")).isEmpty();
    }

    @Test
    void aSettingRooNoLongerHasCanStillBeRemoved() {
        store.save("s", RooJson.object().put("alwaysAllowBrowser", true).put("mode", "code"));
        SettingsProfile profile = new SettingsProfile("s", store, null);
        assertThat(refused(profile, "alwaysAllowBrowser", "false")).hasMessageContaining("not a Roo setting");

        Map<String, JsonNode> removal = new LinkedHashMap<>();
        removal.put("alwaysAllowBrowser", json("null"));
        assertThat(profile.update(removal).settings()).containsOnlyKeys("mode");
    }

    @Test
    void secretsAreWriteOnlyButReachRoo() {
        SettingsProfile profile = new SettingsProfile("s", store, null);

        AckResult.Settings view = profile.update(Map.of(
                "openAiApiKey", json("\"sk-secret\""),
                "openAiHeaders", json("{\"Authorization\":\"Bearer abc\",\"X-Team\":\"blue\"}"),
                "apiProvider", json("\"openai\"")));

        assertThat(view.secrets()).containsExactly("openAiApiKey");
        assertThat(view.settings()).doesNotContainKey("openAiApiKey");
        assertThat(view.settings().get("openAiHeaders").toString())
                .doesNotContain("abc")
                .contains("blue");
        SessionEvent.SettingsChanged event = profile.changedEvent("alice");
        assertThat(RooJson.write(event)).doesNotContain("sk-secret").doesNotContain("Bearer abc");
        assertThat(profile.forRoo().string("openAiApiKey")).contains("sk-secret");
    }

    @Test
    void updatesArePersistedAndNullRemovesAKey() {
        SettingsProfile profile = new SettingsProfile("s", store, SettingsProfile.DEMO_DEFAULTS);
        Map<String, JsonNode> change = new LinkedHashMap<>();
        change.put("alwaysAllowWrite", json("true"));
        change.put("deniedCommands", json("null"));
        profile.update(change);

        SettingsProfile reloaded = new SettingsProfile("s", store, null);
        assertThat(reloaded.forRoo().alwaysAllowWrite()).contains(true);
        assertThat(reloaded.forRoo().has("deniedCommands")).isFalse();
        assertThat(reloaded.view().settings()).containsKey("allowedCommands");
    }

    @Test
    void emptyUpdatesAreRefused() {
        SettingsProfile profile = new SettingsProfile("s", store, null);
        assertThatThrownBy(() -> profile.update(Map.of()))
                .isInstanceOf(RelayException.class)
                .hasMessageContaining("at least one key");
        assertThat(profile.view().settings()).isEmpty();
        assertThat(profile.view().secrets()).isEqualTo(List.of());
    }
}
