package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command lines that fail before any network traffic: usage errors name the option and the fix. */
class RooAgentUsageTest {

    @TempDir
    Path home;

    record Result(int code, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("ROO_AGENT_CONFIG", home.resolve("agent.json").toString());
        int code = RooAgent.execute(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]),
                null);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandDocumentsTheExitCodes() {
        for (String command : new String[] {
            "login",
            "sessions",
            "run",
            "send",
            "approve",
            "deny",
            "cancel",
            "resume",
            "watch",
            "history",
            "transcript",
            "settings",
            "mcp"
        }) {
            Result help = run(command, "--help");
            assertThat(help.code()).as(command).isZero();
            assertThat(help.out())
                    .as(command)
                    .contains("Exit codes:")
                    .contains("3   authentication")
                    .contains("7   the task waits for input");
        }
        assertThat(run("--help").out()).contains("ROO_RELAY_TOKEN").contains("run", "transcript", "mcp");
        assertThat(run("mcp", "--help").out()).contains("wait_for_task").contains("standard error");
        assertThat(run("settings", "profiles", "--help").out()).contains("provider profiles");
        assertThat(run("settings", "use-profile", "--help").out())
                .contains("admin")
                .contains("NAME");
    }

    @Test
    void usageErrorsExitWithTwoAndNameTheFix() {
        Result noCommand = run();
        assertThat(noCommand.code()).isEqualTo(2);

        Result missing = run("run", "--session", "demo-1");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err())
                .contains("Missing required parameter: 'PROMPT'")
                .contains("roo-agent run --help");

        Result badTimeout = run("run", "--session", "s", "--wait", "--timeout", "soon", "hi");
        assertThat(badTimeout.code()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("--timeout").contains("e.g. 30s, 10m");

        Result timeoutWithoutWait = run("run", "--session", "s", "--timeout", "5s", "--url", "wss://x:1", "hi");
        assertThat(timeoutWithoutWait.code()).isEqualTo(2);
        assertThat(timeoutWithoutWait.err()).contains("--timeout needs --wait");

        Result onAskWithoutWait =
                run("run", "--session", "s", "--on-ask", "approve-tool=readFile", "--url", "wss://x:1", "hi");
        assertThat(onAskWithoutWait.code()).isEqualTo(2);
        assertThat(onAskWithoutWait.err()).contains("--on-ask needs --wait");
        Result badRule = run(
                "run",
                "--session",
                "s",
                "--wait",
                "--on-ask",
                "approve-command=make && make install",
                "--url",
                "wss://x:1",
                "hi");
        assertThat(badRule.code()).isEqualTo(2);
        assertThat(badRule.err()).contains("--on-ask").contains("one plain command");

        Result tokenWithoutRelay = run("sessions", "--token", "t");
        assertThat(tokenWithoutRelay.code()).isEqualTo(2);
        assertThat(tokenWithoutRelay.err()).contains("--url wss://HOST:PORT").contains("ROO_RELAY_URL");

        Result plainRemote = run("sessions", "--url", "ws://relay.example:80", "--token", "t");
        assertThat(plainRemote.code()).isEqualTo(2);
        assertThat(plainRemote.err()).contains("only allowed to this machine");

        Result badPin = run("sessions", "--url", "wss://127.0.0.1:1", "--token", "t", "--fingerprint", "AB");
        assertThat(badPin.code()).isEqualTo(2);
        assertThat(badPin.err()).contains("--fingerprint").contains("not a SHA-256");

        Result badImage =
                run("run", "--session", "s", "--image", home.resolve("x.png").toString(), "hi");
        assertThat(badImage.code()).isEqualTo(2);
        assertThat(badImage.err()).contains("--image").contains("no such file");

        Result badFormat = run("transcript", "--session", "s", "--task", "t", "--format", "pdf");
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format");
    }

    @Test
    void withoutALoginOrTokenItIsAnAuthenticationErrorNamingTheCommandToRun() {
        Result result = run("sessions", "--url", "wss://127.0.0.1:1");
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("not logged in to wss://127.0.0.1:1").contains("roo-agent login");

        // a new user who never logged in, with no relay in the environment either
        Result never = run("sessions");
        assertThat(never.code()).isEqualTo(3);
        assertThat(never.err())
                .startsWith("roo-agent: not logged in: run 'roo-agent login --url wss://HOST:PORT --user NAME' once")
                .contains("--token");
        assertThat(run("run", "--session", "s", "hello").code()).isEqualTo(3);
    }

    @Test
    void anUnreachableRelayIsReportedWithExitCodeOne() {
        Result result = run("sessions", "--url", "ws://127.0.0.1:1", "--token", "t", "--connect-timeout", "3s");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("cannot reach the relay at ws://127.0.0.1:1: nothing is listening");
    }
}
