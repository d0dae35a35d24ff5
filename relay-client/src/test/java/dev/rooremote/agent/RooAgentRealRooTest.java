package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.RealRooRelay;
import dev.rooremote.testsupport.roo.RealRoo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * roo-agent's commands (run in the test's JVM; RooAgentCliTest runs them as processes) through a real relay against the real Roo Code 3.52.1
 * extension (headless, in the {@code none} webview mode of a VS Code whose sidebar was never opened) and
 * its scripted model, whose behaviour the prompt's keyword picks.
 */
@Tag(RealRoo.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RooAgentRealRooTest {

    private static final String SESSION = RealRooRelay.SESSION;

    @RegisterExtension
    static RealRooRelay real = RealRooRelay.instance();

    @TempDir
    static Path home;

    private static InProcessAgent admin;

    private static InProcessAgent agent(String user, Role role) {
        return new InProcessAgent()
                .env("ROO_AGENT_CONFIG", home.resolve("unused.json").toString())
                .env("ROO_RELAY_URL", real.relay().url())
                .env("ROO_RELAY_TOKEN", real.relay().agentToken(user + "-" + System.nanoTime(), role, SESSION))
                .env("ROO_RELAY_FINGERPRINT", real.relay().fingerprint());
    }

    private static InProcessAgent operator() {
        return agent("bob", Role.OPERATOR);
    }

    /** Agent tokens stop at operator: the admin logs in with her password, once. */
    private static InProcessAgent admin() throws Exception {
        if (admin == null) {
            InProcessAgent alice = new InProcessAgent()
                    .env("ROO_AGENT_CONFIG", home.resolve("alice.json").toString());
            AgentProcess.Result login = alice.runWithInput(
                    real.relay().password("alice") + "\n",
                    "login",
                    "--url",
                    real.relay().url(),
                    "--user",
                    "alice",
                    "--fingerprint",
                    real.relay().fingerprint(),
                    "--password-stdin");
            assertThat(login.code()).as(login.err()).isZero();
            admin = alice;
        }
        return admin;
    }

    private static void settings(String... assignments) throws Exception {
        List<String> args = new ArrayList<>(List.of("settings", "set", "--session", SESSION));
        args.addAll(List.of(assignments));
        AgentProcess.Result set = admin().run(args.toArray(String[]::new));
        assertThat(set.code()).as(set.err()).isZero();
    }

    private static JsonNode latestTask(InProcessAgent agent) throws Exception {
        AgentProcess.Result history = agent.run("history", "--session", SESSION, "--json");
        assertThat(history.code()).as(history.err()).isZero();
        return RooJson.parse(history.out()).get(0);
    }

    /** Waits for the latest task to complete and returns its transcript. */
    private static String completedTranscript(InProcessAgent agent) throws Exception {
        String taskId = latestTask(agent).path("taskId").asText();
        await().atMost(Duration.ofMinutes(1))
                .until(() -> latestTask(agent).path("state").asText().equals("completed"));
        return transcript(agent, taskId);
    }

    private static String transcript(InProcessAgent agent, String taskId) throws Exception {
        AgentProcess.Result transcript = agent.run("transcript", "--session", SESSION, "--task", taskId);
        assertThat(transcript.code()).as(transcript.err()).isZero();
        return transcript.out();
    }

    @Test
    @Order(1)
    void aPlainTaskCompletesWithRoosResult() throws Exception {
        InProcessAgent bob = operator();
        AgentProcess.Result run = bob.run("run", "--session", SESSION, "--wait", "--timeout", "2m", "Say hello");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("MOCK: done (plain completion)");
        assertThat(latestTask(bob).path("state").asText()).isEqualTo("completed");
    }

    @Test
    @Order(2)
    void aFollowupIsAnsweredFromRooAgentAndTheModelGetsTheAnswer() throws Exception {
        InProcessAgent bob = operator();
        AgentProcess.Result asked =
                bob.run("run", "--session", SESSION, "--wait", "--timeout", "2m", "followup: pick a colour");
        assertThat(asked.code()).as(asked.err()).isEqualTo(ExitCodes.NEEDS_INPUT);
        assertThat(asked.err()).contains("Which colour do you prefer?");

        AgentProcess.Result send = bob.run("send", "--session", SESSION, "blue");
        assertThat(send.code()).as(send.err()).isZero();
        assertThat(completedTranscript(bob)).contains("blue").contains("MOCK: done after turn");

        AgentProcess.Result policy = bob.run(
                "run", "--session", SESSION, "--wait", "--timeout", "2m", "--on-followup", "first", "followup again");
        assertThat(policy.code()).as(policy.err()).isZero();
        assertThat(policy.out()).contains("red");
    }

    @Test
    @Order(3)
    void aWriteAskStopsTheRunAndADenialWithFeedbackReachesTheModel() throws Exception {
        settings("autoApprovalEnabled=false");
        InProcessAgent bob = operator();
        AgentProcess.Result run =
                bob.run("run", "--session", SESSION, "--wait", "--timeout", "2m", "write path=denied.txt");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.NEEDS_INPUT);
        assertThat(run.err()).contains("denied.txt");

        AgentProcess.Result deny = bob.run("deny", "--session", SESSION, "Write", "it", "to", "notes.md", "instead");
        assertThat(deny.code()).as(deny.err()).isZero();
        // the model's next turn quotes what Roo sent it back: the denial and the feedback
        assertThat(completedTranscript(bob)).contains("MOCK: done after turn").contains("notes.md instead");
        assertThat(real.roo().workspace().resolve("denied.txt")).doesNotExist();
    }

    @Test
    @Order(4)
    void aCommandAskStopsTheRunAndIsDeniedWithFeedback() throws Exception {
        settings("autoApprovalEnabled=false");
        InProcessAgent bob = operator();
        AgentProcess.Result run =
                bob.run("run", "--session", SESSION, "--wait", "--timeout", "2m", "command cmd=`echo never-run-here`");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.NEEDS_INPUT);
        assertThat(run.err()).contains("echo never-run-here");

        AgentProcess.Result deny = bob.run("deny", "--session", SESSION, "No shell commands today");
        assertThat(deny.code()).as(deny.err()).isZero();
        assertThat(completedTranscript(bob)).contains("No shell commands today");
    }

    @Test
    @Order(5)
    void autoApprovalLetsWritesAndCommandsRunWithNobodyAnswering() throws Exception {
        settings(
                "autoApprovalEnabled=true",
                "alwaysAllowReadOnly=true",
                "alwaysAllowWrite=true",
                "alwaysAllowExecute=true",
                "allowedCommands=[\"echo\"]");
        InProcessAgent bob = operator();
        AgentProcess.Result write =
                bob.run("run", "--session", SESSION, "--wait", "--timeout", "2m", "write path=approved.txt");
        assertThat(write.code()).as(write.err()).isZero();
        assertThat(real.roo().workspace().resolve("approved.txt")).hasContent("hello from real roo");

        AgentProcess.Result command = bob.run(
                "run", "--session", SESSION, "--wait", "--timeout", "2m", "command cmd=`echo auto-approved-ok`");
        assertThat(command.code()).as(command.err()).isZero();
        assertThat(command.out()).contains("auto-approved-ok");
        settings("autoApprovalEnabled=false");
    }

    @Test
    @Order(6)
    void aSlowTaskIsCancelledMidStreamAndResumed() throws Exception {
        InProcessAgent bob = operator();
        InProcessAgent.Running run =
                bob.start("run", "--session", SESSION, "--wait", "--json", "--timeout", "3m", "slow reply");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> run.lines().stream().anyMatch(l -> l.contains("\"partial\":true")));
        String taskId = RooJson.parse(run.lines().get(0)).path("taskId").asText();

        AgentProcess.Result cancel = bob.run("cancel", "--session", SESSION, "--task", taskId);
        assertThat(cancel.code()).as(cancel.err()).isZero();
        AgentProcess.Result waited = run.result().get(60, TimeUnit.SECONDS);
        assertThat(waited.code()).as(waited.err()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(RooJson.parse(waited.lines().get(waited.lines().size() - 1))
                        .path("state")
                        .asText())
                .isEqualTo("aborted");

        AgentProcess.Result resume = bob.run("resume", "--session", SESSION, taskId);
        assertThat(resume.code()).as(resume.err()).isZero();
        assertThat(resume.out().strip()).isEqualTo(taskId);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> !latestTask(bob).path("state").asText().equals("aborted"));
        bob.run("cancel", "--session", SESSION);
    }

    @Test
    @Order(7)
    void rooKilledAndStartedAgainIsNoticedAndTheNextTaskRuns() throws Exception {
        InProcessAgent bob = operator();
        real.roo().kill();
        await().atMost(Duration.ofMinutes(1)).until(() -> !sessionStatus(bob).equals("connected"));
        real.roo().start();
        await().atMost(Duration.ofMinutes(1)).until(() -> sessionStatus(bob).equals("connected"));

        AgentProcess.Result run = bob.run("run", "--session", SESSION, "--wait", "--timeout", "2m", "Say hello again");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("MOCK: done (plain completion)");
    }

    private static String sessionStatus(InProcessAgent agent) throws Exception {
        AgentProcess.Result sessions = agent.run("sessions", "--json");
        assertThat(sessions.code()).as(sessions.err()).isZero();
        return RooJson.parse(sessions.out()).get(0).path("connection").asText();
    }
}
