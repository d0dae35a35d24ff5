package dev.rooremote.relay.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushContactTest {

    @ParameterizedTest
    @ValueSource(strings = {"mailto:ops@example.com", "https://example.com/contact", " mailto:a@b "})
    void anAddressOrAPageIsTaken(String contact) {
        assertThat(PushContact.check(contact)).isEqualTo(contact.strip());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ops@example.com",
                "mailto:",
                "mailto:ops",
                "mailto:@example.com",
                "mailto:a@b@c",
                "http://example.com",
                "https://",
                "mailto:ops@example.com?subject=x",
                "not a uri"
            })
    void anythingElseIsRefusedWithWhatToGive(String contact) {
        assertThatThrownBy(() -> PushContact.check(contact))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--push-contact")
                .hasMessageContaining("mailto:ops@example.com");
    }

    @org.junit.jupiter.api.Test
    void noneGivenIsTheDefault() {
        assertThat(PushContact.check(null)).isEqualTo(PushContact.DEFAULT);
    }
}
