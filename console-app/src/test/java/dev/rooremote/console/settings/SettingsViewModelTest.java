package dev.rooremote.console.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rooremote.console.connect.RequestFailedException;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.testing.TestLink;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.collections.FXCollections;
import org.junit.jupiter.api.Test;

class SettingsViewModelTest {

    private final Map<String, JsonNode> stored = new LinkedHashMap<>(Map.of(
            "mode", TextNode.valueOf("code"),
            "apiProvider", TextNode.valueOf("anthropic"),
            "apiModelId", TextNode.valueOf("claude-sonnet-4-5"),
            "alwaysAllowReadOnly", BooleanNode.TRUE,
            "allowedCommands", RooJson.parse("[\"npm test\",\"git status\"]")));

    private TestLink link;

    private SettingsViewModel open(Role role) {
        link = new TestLink(role, List.of());
        link.answerWith(r -> {
            if (r instanceof ClientMessage.UpdateSettings u) {
                Map<String, JsonNode> next = new LinkedHashMap<>(stored);
                u.changes().forEach((k, v) -> {
                    if (k.toLowerCase().contains("key")) {
                        return;
                    }
                    if (v.isNull()) {
                        next.remove(k);
                    } else {
                        next.put(k, v);
                    }
                });
                return CompletableFuture.completedFuture(new AckResult.Settings("s1", next, List.of("apiKey")));
            }
            return CompletableFuture.completedFuture(new AckResult.Settings("s1", stored, List.of("apiKey")));
        });
        SettingsViewModel vm = new SettingsViewModel(
                link,
                "s1",
                UiExecutor.sameThread(),
                FXCollections.observableArrayList(
                        new SessionEvent.Mode("code", "Code"), new SessionEvent.Mode("architect", "Architect")));
        vm.load();
        return vm;
    }

    @Test
    void showsWhatTheRelayStoresWithTheKeyHidden() {
        SettingsViewModel vm = open(Role.ADMIN);

        assertThat(vm.modeProperty().get()).isEqualTo("code");
        assertThat(vm.modelProperty().get()).isEqualTo("claude-sonnet-4-5");
        assertThat(vm.approvalProperty("alwaysAllowReadOnly").get()).isTrue();
        assertThat(vm.approvalProperty("alwaysAllowWrite").get()).isFalse();
        assertThat(vm.allowedCommandsProperty().get()).isEqualTo("npm test\ngit status");
        assertThat(vm.apiKeySetProperty().get()).isTrue();
        assertThat(vm.apiKeyProperty().get()).isEmpty();
        assertThat(vm.changes()).isEmpty();
    }

    @Test
    void sendsOnlyWhatChangedAndTheKeyOnlyWhenTyped() {
        SettingsViewModel vm = open(Role.ADMIN);
        vm.modeProperty().set("architect");
        vm.approvalProperty("alwaysAllowWrite").set(true);
        vm.deniedCommandsProperty().set("rm -rf\n\n  curl  \n");
        vm.apiKeyProperty().set("sk-new");

        vm.save();

        ClientMessage.UpdateSettings sent = link.last(ClientMessage.UpdateSettings.class);
        assertThat(sent.changes())
                .containsOnlyKeys("mode", "alwaysAllowWrite", "deniedCommands", "apiKey")
                .containsEntry("mode", TextNode.valueOf("architect"))
                .containsEntry("deniedCommands", RooJson.parse("[\"rm -rf\",\"curl\"]"))
                .containsEntry("apiKey", TextNode.valueOf("sk-new"));
        assertThat(vm.messageProperty().get()).startsWith("Saved");
        assertThat(vm.apiKeyProperty().get()).isEmpty();
    }

    @Test
    void removingTheKeySendsNull() {
        SettingsViewModel vm = open(Role.ADMIN);
        vm.clearApiKeyProperty().set(true);
        assertThat(vm.changes()).containsExactly(Map.entry("apiKey", NullNode.instance));
    }

    @Test
    void invalidInputIsRefusedWithReasonsAndNothingIsSent() {
        SettingsViewModel vm = open(Role.ADMIN);
        vm.modeProperty().set("debug mode");
        vm.modelProperty().set("gpt 4");
        vm.baseUrlProperty().set("localhost:8080");
        vm.apiKeyProperty().set("sk key");
        vm.allowedCommandsProperty().set("npm test\nnpm test\nrm");
        vm.deniedCommandsProperty().set("rm");
        int sentBefore = link.requests.size();

        vm.save();

        assertThat(vm.errors()).hasSize(7);
        assertThat(String.join("\n", vm.errors()))
                .contains("Mode:")
                .contains("Model: no spaces")
                .contains("Base URL")
                .contains("API key")
                .contains("'npm test' is listed twice")
                .contains("both allowed and denied: rm");
        assertThat(link.requests).hasSize(sentBefore);
        assertThat(vm.messageProperty().get()).contains("Not saved");
    }

    @Test
    void aModeRooDoesNotOfferIsRefused() {
        SettingsViewModel vm = open(Role.ADMIN);
        vm.modeProperty().set("orchestrator");
        assertThat(vm.validate()).containsExactly("Mode: Roo offers no mode 'orchestrator'. Pick one from the list.");
    }

    @Test
    void theRelaysRefusalIsShown() {
        SettingsViewModel vm = open(Role.ADMIN);
        link.answerWith(r -> CompletableFuture.failedFuture(
                new RequestFailedException(ErrorCode.INVALID_SETTINGS, "'allowedMaxRequests' must be a number")));
        vm.customInstructionsProperty().set("Be brief.");
        vm.save();
        assertThat(vm.messageProperty().get()).contains("'allowedMaxRequests' must be a number");
    }

    @Test
    void operatorsAndViewersSeeSettingsReadOnly() {
        SettingsViewModel vm = open(Role.OPERATOR);
        assertThat(vm.editableProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).contains("only admins");
        vm.modeProperty().set("architect");
        int sent = link.requests.size();
        vm.save();
        assertThat(link.requests).hasSize(sent);
    }

    @Test
    void revertThrowsAwayEdits() {
        SettingsViewModel vm = open(Role.ADMIN);
        vm.modeProperty().set("architect");
        vm.revert();
        assertThat(vm.modeProperty().get()).isEqualTo("code");
        assertThat(vm.changes()).isEmpty();
    }
}
