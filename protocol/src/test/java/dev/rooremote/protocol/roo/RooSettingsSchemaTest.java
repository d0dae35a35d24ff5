package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class RooSettingsSchemaTest {

    @Test
    void knowsRoosKeysWithTheirTypes() {
        assertThat(RooSettingsSchema.keys()).hasSize(192).contains("alwaysAllowWrite", "openAiHeaders");
        assertThat(RooSettingsSchema.type("alwaysAllowWrite")).contains(RooSettingsSchema.Type.BOOLEAN);
        assertThat(RooSettingsSchema.type("allowedCommands")).contains(RooSettingsSchema.Type.ARRAY);
        assertThat(RooSettingsSchema.type("allowedMaxCost")).contains(RooSettingsSchema.Type.NUMBER);
        assertThat(RooSettingsSchema.type("openAiHeaders")).contains(RooSettingsSchema.Type.OBJECT);
        assertThat(RooSettingsSchema.type("mode")).contains(RooSettingsSchema.Type.STRING);
        // keys Roo 3.52.1 dropped, and spellings it never had
        assertThat(RooSettingsSchema.isKnown("alwaysAllowBrowser")).isFalse();
        assertThat(RooSettingsSchema.isKnown("AlwaysAllowWrite")).isFalse();
        assertThat(RooSettingsSchema.isKnown("foo")).isFalse();
        assertThat(RooSettingsSchema.isKnown(null)).isFalse();
    }

    @Test
    void everyKeyTheRelayNamesIsOneOfRoos() throws IllegalAccessException {
        for (Field field : RooSettings.Keys.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                assertThat(RooSettingsSchema.isKnown((String) field.get(null)))
                        .as(field.getName())
                        .isTrue();
            }
        }
        assertThat(RooSettingsSchema.COMMON_KEYS).allMatch(RooSettingsSchema::isKnown);
    }

    @Test
    void suggestsTheKeysAMisspellingWasMeantToBe() {
        assertThat(RooSettingsSchema.suggestions("alwaysAlowWrite")).startsWith("alwaysAllowWrite");
        assertThat(RooSettingsSchema.suggestions("alwaysallowwrite")).startsWith("alwaysAllowWrite");
        assertThat(RooSettingsSchema.suggestions("allowWrite")).contains("alwaysAllowWrite");
        assertThat(RooSettingsSchema.suggestions("autoApproval")).contains("autoApprovalEnabled");
        assertThat(RooSettingsSchema.suggestions("foo")).isEmpty();
        assertThat(RooSettingsSchema.suggestions("")).isEmpty();
        assertThat(RooSettingsSchema.suggestions("alwaysAllow")).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void describesRefusedKeysWithWhatToDo() {
        assertThat(RooSettingsSchema.describeUnknown(List.of("alwaysAlowWrite")))
                .startsWith("'alwaysAlowWrite' is not a Roo setting (did you mean alwaysAllowWrite")
                .contains("Nothing was changed")
                .contains("case-sensitive")
                .contains("autoApprovalEnabled")
                .contains("Roo Code 3.52.1 has 192");
        assertThat(RooSettingsSchema.describeUnknown(List.of("foo", "bar")))
                .startsWith("these are not Roo settings: 'foo', 'bar'.")
                .contains("leave them out");
    }
}
