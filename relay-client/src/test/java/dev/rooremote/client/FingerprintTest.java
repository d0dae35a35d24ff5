package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static final String PRINTED =
            "3F:A1:00:7B:C2:9D:11:E4:5A:6B:7C:8D:9E:AF:B0:C1:D2:E3:F4:05:16:27:38:49:5A:6B:7C:8D:9E:AF:B0:C1";

    @Test
    void readsTheRelaysFormatAndCommonVariants() {
        Fingerprint printed = Fingerprint.parse(PRINTED);
        assertThat(printed.toString()).isEqualTo(PRINTED);
        assertThat(Fingerprint.parse(PRINTED.toLowerCase())).isEqualTo(printed);
        assertThat(Fingerprint.parse(PRINTED.replace(":", ""))).isEqualTo(printed);
        assertThat(Fingerprint.parse("SHA256:" + PRINTED)).isEqualTo(printed);
        assertThat(Fingerprint.parse("SHA-256 " + PRINTED)).isEqualTo(printed);
        assertThat(Fingerprint.parse("sha256/" + PRINTED.replace(":", ""))).isEqualTo(printed);
        assertThat(Fingerprint.parse("  " + PRINTED.replace(":", " ") + "\n")).isEqualTo(printed);
    }

    @Test
    void refusesWhatIsNotAFingerprintWithAHint() {
        assertThatThrownBy(() -> Fingerprint.parse("AB:CD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AB:CD' is not a SHA-256 certificate fingerprint")
                .hasMessageContaining("roo-relay fingerprint");
        assertThatThrownBy(() -> Fingerprint.parse(PRINTED.replace('3', 'X'))).hasMessageContaining("not a SHA-256");
        assertThatThrownBy(() -> Fingerprint.parse(" ")).hasMessageContaining("empty");
    }
}
