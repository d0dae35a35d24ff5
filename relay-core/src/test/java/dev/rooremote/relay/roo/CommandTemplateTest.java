package dev.rooremote.relay.roo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.relay.session.SessionConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {

    @Test
    void expandsTheDefaultVsCodeCommandWithPathsKeptWhole() {
        CommandTemplate template = new CommandTemplate(SessionConfig.DEFAULT_LAUNCH_COMMAND);

        assertThat(template.expand(Map.of(
                        "userDataDir",
                        "/data/my sessions/u",
                        "workspace",
                        "/src/my app",
                        "extensionsDir",
                        "/data/ext")))
                .containsExactly(
                        "xvfb-run",
                        "--auto-servernum",
                        "code",
                        "--wait",
                        "--disable-workspace-trust",
                        "--disable-gpu",
                        "--no-sandbox",
                        "--user-data-dir",
                        "/data/my sessions/u",
                        "--extensions-dir",
                        "/data/ext",
                        "-n",
                        "/src/my app");
    }

    @Test
    void findsTheVsCodeToolBehindAWrapper() {
        assertThat(new CommandTemplate(SessionConfig.DEFAULT_LAUNCH_COMMAND).vsCodeCli())
                .contains("code");
        assertThat(new CommandTemplate("'/opt/vs code/bin/codium' {workspace}").vsCodeCli())
                .contains("/opt/vs code/bin/codium");
        assertThat(new CommandTemplate("start-roo {workspace} {socket} --extensions {bridgeVsix}").vsCodeCli())
                .isEmpty();
        assertThat(new CommandTemplate(SessionConfig.DEFAULT_LAUNCH_COMMAND).uses("extensionsDir"))
                .isTrue();
    }

    @Test
    void honoursQuotesAndPlaceholdersInsideArguments() {
        CommandTemplate template =
                new CommandTemplate("'/opt/my code/bin/code' --log=\"{userDataDir}/x y\" {workspace}");

        assertThat(template.expand(Map.of("userDataDir", "/u", "workspace", "/w")))
                .containsExactly("/opt/my code/bin/code", "--log=/u/x y", "/w");
    }

    @Test
    void refusesEmptyAndUnbalancedTemplates() {
        assertThatThrownBy(() -> new CommandTemplate("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new CommandTemplate("code \"--x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unbalanced");
    }
}
