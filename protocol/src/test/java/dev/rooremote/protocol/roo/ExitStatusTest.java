package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void describesACodeOrASignalForPeople() {
        assertThat(ExitStatus.exited(0).describe()).isEqualTo("exit 0");
        assertThat(ExitStatus.exited(0).success()).isTrue();
        assertThat(ExitStatus.exited(2).describe()).isEqualTo("exit 2");
        assertThat(ExitStatus.exited(2).success()).isFalse();
        assertThat(ExitStatus.killed("SIGTERM").describe()).isEqualTo("killed by SIGTERM");
        assertThat(ExitStatus.killed("SIGTERM").success()).isFalse();
    }

    @Test
    void needsExactlyOneOfCodeAndSignalAndASignalName() {
        assertThatThrownBy(() -> new ExitStatus(null, null)).hasMessageContaining("neither");
        assertThatThrownBy(() -> new ExitStatus(1, "SIGKILL")).hasMessageContaining("both");
        assertThatThrownBy(() -> ExitStatus.killed("SIG TERM; rm")).hasMessageContaining("such as SIGTERM");
    }

    @Test
    void travelsOnAMessageAndSurvivesTextUpdates() {
        ClineMessage output =
                ClineMessage.say(5, SayKind.COMMAND_OUTPUT, "done", false).withExitStatus(ExitStatus.exited(3));
        String json = RooJson.write(output);
        assertThat(json).contains("\"exitStatus\":{\"code\":3}");
        ClineMessage back = RooJson.convert(RooJson.parse(json), ClineMessage.class);
        assertThat(back.exitStatus()).isEqualTo(ExitStatus.exited(3));
        assertThat(back.withText("done\n", false).exitStatus()).isEqualTo(ExitStatus.exited(3));
        assertThat(back.extra()).doesNotContainKey("exitStatus");
    }
}
