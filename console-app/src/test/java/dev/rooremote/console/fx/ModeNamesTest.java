package dev.rooremote.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.relay.SessionEvent;
import java.util.List;
import javafx.util.StringConverter;
import org.junit.jupiter.api.Test;

class ModeNamesTest {

    private final List<SessionEvent.Mode> modes =
            List.of(new SessionEvent.Mode("code", "💻 Code"), new SessionEvent.Mode("architect", "🏗️ Architect"));

    @Test
    void aModeReadsByItsNameWithoutTheEmojiJavaFxCannotDraw() {
        assertThat(ModeNames.name(modes, "code")).isEqualTo("Code");
        assertThat(ModeNames.name(modes, "architect")).isEqualTo("Architect");
        assertThat(ModeNames.name(modes, "my-mode")).as("not listed: its slug").isEqualTo("my-mode");
    }

    @Test
    void aNameOrASlugTypedGivesTheSlugAndAnythingElseIsKeptAsTyped() {
        StringConverter<String> converter = ModeNames.converter(modes);
        assertThat(converter.toString("architect")).isEqualTo("Architect");
        assertThat(converter.toString(null)).isEmpty();
        assertThat(converter.fromString("Architect")).isEqualTo("architect");
        assertThat(converter.fromString(" code ")).isEqualTo("code");
        assertThat(converter.fromString("CODE")).isEqualTo("code");
        assertThat(converter.fromString("my-mode")).isEqualTo("my-mode");
        assertThat(converter.fromString(" ")).isNull();
    }
}
