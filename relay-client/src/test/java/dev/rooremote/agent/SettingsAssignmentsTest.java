package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsAssignmentsTest {

    @Test
    void valuesAreJsonWhenTheyAreJsonAndTextOtherwise() {
        Map<String, JsonNode> changes = SettingsCommand.Set.parse(List.of(
                "alwaysAllowWrite=true",
                "allowedCommands=[\"npm test\",\"git status\"]",
                "mode=architect",
                "customInstructions=null",
                "requestDelaySeconds=5",
                "note=a=b"));
        assertThat(changes.get("alwaysAllowWrite").booleanValue()).isTrue();
        assertThat(changes.get("allowedCommands").get(1).asText()).isEqualTo("git status");
        assertThat(changes.get("mode").asText()).isEqualTo("architect");
        assertThat(changes.get("customInstructions").isNull()).isTrue();
        assertThat(changes.get("requestDelaySeconds").intValue()).isEqualTo(5);
        assertThat(changes.get("note").asText()).isEqualTo("a=b");
    }

    @Test
    void aMissingEqualsSignIsAUsageError() {
        assertThatThrownBy(() -> SettingsCommand.Set.parse(List.of("alwaysAllowWrite")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'alwaysAllowWrite' is not KEY=VALUE");
    }
}
