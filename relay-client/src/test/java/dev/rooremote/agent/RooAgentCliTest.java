package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.client.TestRelay;
import dev.rooremote.protocol.roo.RooJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * roo-agent run as real processes against a real relay with demo Roo sessions: what a manager or
 * reviewer agent would do from a shell, checked by exit code and output.
 */
class RooAgentCliTest {

    private static TestRelay relay;

    @TempDir
    static Path dataDir;

    /** Stored logins live here for the whole class: each user logs in once. */
    @TempDir
    static Path home;

    private static final java.util.Map<String, AgentProcess> LOGINS = new java.util.HashMap<>();

    @BeforeAll
    static void startRelay() throws Exception {
        relay = TestRelay.start(dataDir);
    }

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    private static String session() {
        return relay.session();
    }

    /** An agent logged in as {@code user} (login stores the relay, its fingerprint and a refresh token). */
    private AgentProcess loggedIn(String user) throws Exception {
        AgentProcess known = LOGINS.get(user);
        if (known != null) {
            return known;
        }
        AgentProcess agent = new AgentProcess(home.resolve(user + ".json"));
        AgentProcess.Result login = agent.runWithInput(
                relay.password(user) + "\n",
                "login",
                "--url",
                relay.url(),
                "--user",
                user,
                "--fingerprint",
                relay.fingerprint(),
                "--password-stdin");
        assertThat(login.code()).as(login.err()).isZero();
        LOGINS.put(user, agent);
        return agent;
    }

    /** An unattended agent with an agent token in its environment. */
    private AgentProcess withToken(String user) {
        return new AgentProcess(home.resolve("unused.json"))
                .env("ROO_RELAY_URL", relay.url())
                .env("ROO_RELAY_TOKEN", relay.token(user))
                .env("ROO_RELAY_FINGERPRINT", relay.fingerprint());
    }

    private void allowWrites(boolean allow) throws Exception {
        AgentProcess.Result set = loggedIn("alice")
                .run(
                        "settings",
                        "set",
                        "--session",
                        session(),
                        "autoApprovalEnabled=" + allow,
                        "alwaysAllowWrite=" + allow,
                        "alwaysAllowReadOnly=true");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("alwaysAllowWrite=" + allow);
    }

    @Test
    void loginStoresCredentialsForTheOwnerOnlyAndSessionsListsTheDemo() throws Exception {
        AgentProcess bob = loggedIn("bob");
        Path config = home.resolve("bob.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(config)).contains(relay.fingerprint()).doesNotContain(relay.password("bob"));

        AgentProcess.Result json = bob.run("sessions", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode sessions = RooJson.parse(json.out());
        assertThat(sessions.isArray()).isTrue();
        assertThat(sessions.findValuesAsText("sessionId")).contains(session());

        AgentProcess.Result table = bob.run("sessions");
        assertThat(table.out()).startsWith("SESSION").contains(session()).contains("connected");
    }

    @Test
    void settingsRooDoesNotKnowAreRefusedWithTheKeysMeantAndNothingChanges() throws Exception {
        AgentProcess alice = loggedIn("alice");
        AgentProcess.Result before = alice.run("settings", "get", "--session", session());
        assertThat(before.code()).as(before.err()).isZero();

        AgentProcess.Result foo = alice.run("settings", "set", "--session", session(), "foo=bar");
        assertThat(foo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(foo.out()).isEmpty();
        assertThat(foo.err())
                .startsWith("roo-agent: 'foo' is not a Roo setting. Nothing was changed")
                .contains("alwaysAllowWrite")
                .contains("'roo-agent settings keys' lists every key")
                .contains("[invalid_settings]");

        AgentProcess.Result typo = alice.run(
                "settings", "set", "--session", session(), "autoApprovalEnabled=true", "alwaysAlowWrite=true");
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("'alwaysAlowWrite' is not a Roo setting (did you mean alwaysAllowWrite?)");

        AgentProcess.Result after = alice.run("settings", "get", "--session", session());
        assertThat(after.out()).isEqualTo(before.out()).doesNotContain("foo").doesNotContain("alwaysAlowWrite");

        AgentProcess.Result keys = alice.run("settings", "keys");
        assertThat(keys.code()).isZero();
        assertThat(keys.out()).startsWith("KEY").containsPattern("(?m)^alwaysAllowWrite +boolean$");
        assertThat(keys.out()).containsPattern("(?m)^allowedCommands +array$");
    }

    @Test
    void providerProfilesAreListedAndSwitchedByAnAdminAndTheSettingsSayTheyAreRoosLiveOnes() throws Exception {
        AgentProcess bob = loggedIn("bob");
        AgentProcess.Result list = bob.run("settings", "profiles", "--session", session());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out())
                .startsWith("ACTIVE")
                .containsPattern("\\*\\s+default\\s+anthropic\\s+claude-sonnet-4-5")
                .contains("local");

        AgentProcess.Result notAdmin = bob.run("settings", "use-profile", "--session", session(), "local");
        assertThat(notAdmin.code()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(notAdmin.err()).contains("[forbidden]").contains("admin");

        AgentProcess alice = loggedIn("alice");
        try {
            AgentProcess.Result used = alice.run("settings", "use-profile", "--session", session(), "local", "--json");
            assertThat(used.code()).as(used.err()).isZero();
            assertThat(RooJson.parse(used.out()).path("active").asText()).isEqualTo("local");

            AgentProcess.Result live = alice.run("settings", "get", "--session", session());
            assertThat(live.code()).as(live.err()).isZero();
            assertThat(live.err()).contains("Roo's live settings in " + session());
            assertThat(live.out()).contains("apiProvider=openai").contains("openAiModelId=qwen3-coder");
            AgentProcess.Result liveJson = alice.run("settings", "get", "--session", session(), "--json");
            assertThat(RooJson.parse(liveJson.out()).path("source").asText()).isEqualTo("roo");

            AgentProcess.Result unknown = alice.run("settings", "use-profile", "--session", session(), "nope");
            assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(unknown.err())
                    .contains("no provider profile named 'nope'")
                    .contains("profiles");
        } finally {
            AgentProcess.Result back = alice.run("settings", "use-profile", "--session", session(), "default");
            assertThat(back.code()).as(back.err()).isZero();
        }
    }

    @Test
    void runWaitPrintsTheCompletionResultAndTheTranscriptTellsTheWholeStory() throws Exception {
        allowWrites(true);
        AgentProcess bob = loggedIn("bob");
        AgentProcess.Result run = bob.run(
                "run", "--session", session(), "--wait", "--timeout", "60s", "Add a usage section to the README");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("README.md");

        AgentProcess.Result history = bob.run("history", "--session", session(), "--json");
        assertThat(history.code()).as(history.err()).isZero();
        JsonNode latest = RooJson.parse(history.out()).get(0);
        assertThat(latest.path("state").asText()).isEqualTo("completed");
        String taskId = latest.path("taskId").asText();

        AgentProcess.Result transcript = bob.run("transcript", "--session", session(), "--task", taskId);
        assertThat(transcript.code()).as(transcript.err()).isZero();
        assertThat(transcript.out())
                .contains("# Roo task " + taskId)
                .contains("## Prompt\n\n> Add a usage section to the README")
                .contains("`README.md`")
                .contains("```diff")
                .contains("## Result")
                .contains("- Cost: $");

        AgentProcess.Result json = bob.run("transcript", "--session", session(), "--task", taskId, "--format", "json");
        assertThat(RooJson.parse(json.out()).path("messages").size()).isGreaterThan(3);
    }

    @Test
    void jsonOutputIsOneParsableObjectPerLineEndingWithTheOutcome() throws Exception {
        allowWrites(true);
        AgentProcess bob = loggedIn("bob");
        AgentProcess.Result run =
                bob.run("run", "--session", session(), "--wait", "--json", "Add a usage section to the README");
        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> lines = run.lines().stream().map(RooJson::parse).toList();
        assertThat(lines.get(0).path("kind").asText()).isEqualTo("run_started");
        String taskId = lines.get(0).path("taskId").asText();
        JsonNode outcome = lines.get(lines.size() - 1);
        assertThat(outcome.path("kind").asText()).isEqualTo("outcome");
        assertThat(outcome.path("exitCode").asInt()).isZero();
        assertThat(outcome.path("state").asText()).isEqualTo("completed");
        assertThat(outcome.path("taskId").asText()).isEqualTo(taskId);
        assertThat(outcome.path("result").asText()).contains("README.md");
        List<JsonNode> events = lines.subList(1, lines.size() - 1);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("session").asText()).isEqualTo(session());
            assertThat(e.path("seq").asLong()).isPositive();
            assertThat(e.path("kind").asText()).isNotEmpty();
        });
        List<Long> seqs = events.stream().map(e -> e.path("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(events)
                .anySatisfy(e -> assertThat(e.path("fullText").asText()).contains("README.md"))
                .anySatisfy(e -> assertThat(e.path("state").asText()).isEqualTo("completed"));
    }

    @Test
    void followupQuestionsAreAnsweredAsToldOrStopTheRun() throws Exception {
        allowWrites(true);
        AgentProcess bob = loggedIn("bob");
        AgentProcess.Result fail =
                bob.run("run", "--session", session(), "--wait", "Ask me a followup question, then write the file");
        assertThat(fail.code()).as(fail.err()).isEqualTo(ExitCodes.NEEDS_INPUT);
        assertThat(fail.err()).contains("Roo waits for an answer to: ").contains("roo-agent send");

        AgentProcess.Result send = bob.run("send", "--session", session(), "German");
        assertThat(send.code()).as(send.err()).isZero();

        AgentProcess.Result first = bob.run(
                "run",
                "--session",
                session(),
                "--wait",
                "--json",
                "--on-followup",
                "first",
                "Ask me a followup question, then write the file");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.lines())
                .anySatisfy(line ->
                        assertThat(line).contains("\"kind\":\"answer_sent\"").contains("\"answer\":\"English\""));
        assertThat(RooJson.parse(first.lines().get(first.lines().size() - 1))
                        .path("result")
                        .asText())
                .contains("greeting.txt");

        AgentProcess.Result text =
                bob.run("run", "--session", session(), "--wait", "--on-followup", "Klingon", "followup please");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.err()).contains("Klingon");
    }

    @Test
    void anApprovalRooCannotGetRemotelyIsWaitingForInput() throws Exception {
        allowWrites(false);
        AgentProcess bob = loggedIn("bob");
        AgentProcess.Result run = bob.run("run", "--session", session(), "--wait", "Add a usage section to the README");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.NEEDS_INPUT);
        assertThat(run.err()).contains("approval").contains("README.md");

        // The approval can be denied, with a reason Roo acts on.
        AgentProcess.Result deny = bob.run("deny", "--session", session(), "Put", "it", "in", "USAGE.md", "instead");
        assertThat(deny.code()).as(deny.err()).isZero();
        assertThat(deny.err()).contains("Denied").contains("README.md");
        String taskId = RooJson.parse(
                        bob.run("history", "--session", session(), "--json").out())
                .get(0)
                .path("taskId")
                .asText();
        AgentProcess.Result transcript = bob.run("transcript", "--session", session(), "--task", taskId);
        assertThat(transcript.code()).as(transcript.err()).isZero();
        assertThat(transcript.out()).contains("Put it in USAGE.md instead");

        // Roo went on and finished: its last question is no approval, and deny says what to use instead.
        AgentProcess.Result notAnApproval = bob.run("deny", "--session", session());
        assertThat(notAnApproval.code()).as(notAnApproval.err()).isNotZero();
        assertThat(notAnApproval.err()).contains("no approval").contains("roo-agent send");
    }

    /** {@code run --wait} of {@code prompt} for up to a minute, its asks decided by the {@code --on-ask} rules. */
    private AgentProcess.Result runUnattended(AgentProcess agent, String prompt, String... onAsk) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--session", session(), "--wait", "--timeout", "60s"));
        for (String rule : onAsk) {
            args.add("--on-ask");
            args.add(rule);
        }
        args.add(prompt);
        return agent.run(args.toArray(String[]::new));
    }

    @Test
    void approveLetsRooGoAheadAndOnAskRulesDecideForAnUnattendedRun() throws Exception {
        allowWrites(false);
        AgentProcess bob = loggedIn("bob");
        assertThat(bob.run("sessions").out()).contains("approve");

        // A person approves the write the run stopped at: exactly that ask, and it is audited.
        AgentProcess.Result run = bob.run("run", "--session", session(), "--wait", "Add a usage section to the README");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.NEEDS_INPUT);
        assertThat(run.err()).contains("roo-agent approve --session " + session());
        // the person's own prompt is labelled as theirs, and what the session waits for is said in words
        assertThat(run.err()).contains("You: Add a usage section to the README").doesNotContain("Roo: Add a usage");
        AgentProcess.Result waiting = bob.run("sessions");
        assertThat(waiting.out())
                .contains("WAITING FOR")
                .contains("approve, deny")
                .contains("waiting for you")
                .containsPattern("approval to [a-z]+ README\\.md")
                .doesNotContain("needs-input");
        AgentProcess.Result status = bob.run("status", "--session", session());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("Can:          approve, deny")
                .contains("waiting for you")
                .containsPattern("Waiting for: +approval to [a-z]+ README\\.md")
                .contains("Do it with:   roo-agent approve --session " + session() + ", or roo-agent deny");
        AgentProcess.Result approve = bob.run("approve", "--session", session());
        assertThat(approve.code()).as(approve.err()).isZero();
        assertThat(approve.err()).contains("Approved").contains("README.md");
        assertThat(relay.audit("bob", "approve"))
                .anySatisfy(entry -> assertThat(entry.detail()).contains("README.md"));
        AgentProcess.Result twice = bob.run("approve", "--session", session());
        assertThat(twice.code()).as(twice.err()).isNotZero();

        // Unattended: the rules approve a Markdown file...
        AgentProcess.Result approved = runUnattended(bob, "Add a usage section to the README", "approve-path=*.md");
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.err()).contains("By --on-ask, approved: ").contains("README.md");

        // ...and deny what they do not cover, with the feedback Roo reads.
        AgentProcess.Result denied = runUnattended(
                bob, "Add a usage section to the README", "approve-path=src/**", "deny=Leave the README alone");
        assertThat(denied.err()).as(denied.err()).contains("By --on-ask, denied");
        String taskId = RooJson.parse(
                        bob.run("history", "--session", session(), "--json").out())
                .get(0)
                .path("taskId")
                .asText();
        assertThat(bob.run("transcript", "--session", session(), "--task", taskId)
                        .out())
                .contains("Leave the README alone");
    }

    @Test
    void aCommandsExitStatusIsInTheRunsLinesAndTheTranscript() throws Exception {
        AgentProcess bob = loggedIn("bob");
        AgentProcess.Result run = runUnattended(bob, "Run the test command", "approve-command=npm test");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("output: ").contains("command ended: exit 0");
        String taskId = RooJson.parse(
                        bob.run("history", "--session", session(), "--json").out())
                .get(0)
                .path("taskId")
                .asText();
        // the demo's bridge reports the command's exit status a moment after its output
        String transcript = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> bob.run("transcript", "--session", session(), "--task", taskId)
                                .out(),
                        t -> t.contains("(exit 0)"));
        assertThat(transcript).contains("**Command output (exit 0):**");
    }

    @Test
    void cancelAbortsAWaitingRunAndResumeReopensTheTask() throws Exception {
        allowWrites(true);
        AgentProcess bob = loggedIn("bob");
        Process run =
                bob.start("run", "--session", session(), "--wait", "--json", "Write a long 200000 character essay");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        AgentProcess.drain(run.getErrorStream());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> lines.stream().anyMatch(l -> l.contains("\"kind\":\"message\"")));
        String taskId = RooJson.parse(lines.get(0)).path("taskId").asText();

        AgentProcess.Result cancel = bob.run("cancel", "--session", session(), "--task", taskId);
        assertThat(cancel.code()).as(cancel.err()).isZero();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(ExitCodes.TASK_FAILED);
        reader.join(10_000);
        JsonNode outcome = RooJson.parse(lines.get(lines.size() - 1));
        assertThat(outcome.path("state").asText()).isEqualTo("aborted");

        AgentProcess.Result resume = bob.run("resume", "--session", session(), taskId);
        assertThat(resume.code()).as(resume.err()).isZero();
        assertThat(resume.out().strip()).isEqualTo(taskId);
    }

    @Test
    void aTimeoutLeavesTheTaskRunningAndSaysHowToFollowIt() throws Exception {
        AgentProcess bob = loggedIn("bob");
        AgentProcess.Result run = bob.run(
                "run", "--session", session(), "--wait", "--timeout", "2s", "Write a long 200000 character essay");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(run.err()).contains("no outcome after 2 s").contains("roo-agent watch --session " + session());
        bob.run("cancel", "--session", session());
    }

    @Test
    void watchFollowsEventsAsJson() throws Exception {
        allowWrites(true);
        AgentProcess bob = loggedIn("bob");
        Process watch = bob.start("watch", "--session", session(), "--json");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        AgentProcess.drain(watch.getErrorStream());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !lines.isEmpty());
            assertThat(RooJson.parse(lines.get(0)).path("kind").asText()).isEqualTo("snapshot");
            AgentProcess.Result run =
                    bob.run("run", "--session", session(), "--wait", "Add a usage section to the README");
            assertThat(run.code()).as(run.err()).isZero();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> lines.stream().anyMatch(l -> l.contains("\"state\":\"completed\"")));
            List<Long> seqs = lines.subList(1, lines.size()).stream()
                    .map(l -> RooJson.parse(l).path("seq").asLong())
                    .toList();
            for (int i = 1; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
            }
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void exitCodesForBadCredentialsUnknownSessionsAndBadUsage() throws Exception {
        AgentProcess anonymous = new AgentProcess(home.resolve("none.json"));
        AgentProcess.Result badToken = anonymous.run(
                "sessions", "--url", relay.url(), "--fingerprint", relay.fingerprint(), "--token", "not-a-token");
        assertThat(badToken.code()).as(badToken.err()).isEqualTo(ExitCodes.AUTHENTICATION);

        AgentProcess.Result wrongPin = anonymous.run(
                "sessions",
                "--url",
                relay.url(),
                "--token",
                "x",
                "--fingerprint",
                "3F:A1:00:7B:C2:9D:11:E4:5A:6B:7C:8D:9E:AF:B0:C1:D2:E3:F4:05:16:27:38:49:5A:6B:7C:8D:9E:AF:B0:C1");
        assertThat(wrongPin.code()).as(wrongPin.err()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(wrongPin.err()).contains("does not match the pinned fingerprint");

        AgentProcess.Result wrongPassword = anonymous.runWithInput(
                "not-the-password\n",
                "login",
                "--url",
                relay.url(),
                "--user",
                "bob",
                "--fingerprint",
                relay.fingerprint(),
                "--password-stdin");
        assertThat(wrongPassword.code()).as(wrongPassword.err()).isEqualTo(ExitCodes.AUTHENTICATION);

        AgentProcess.Result noTerminal =
                anonymous.run("login", "--url", relay.url(), "--user", "bob", "--password-stdin");
        assertThat(noTerminal.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTerminal.err()).contains("--fingerprint " + relay.fingerprint());

        AgentProcess.Result agentToken = withToken("bob").run("sessions", "--json");
        assertThat(agentToken.code()).as(agentToken.err()).isZero();
        assertThat(RooJson.parse(agentToken.out()).findValuesAsText("sessionId"))
                .containsExactly(session());

        AgentProcess bob = loggedIn("bob");
        AgentProcess.Result unknown = bob.run("run", "--session", "no-such-session", "--wait", "hello");
        assertThat(unknown.code()).as(unknown.err()).isEqualTo(ExitCodes.SESSION_UNAVAILABLE);
        assertThat(unknown.err()).contains("no-such-session");

        AgentProcess.Result unknownTask = bob.run("transcript", "--session", session(), "--task", "no-such-task");
        assertThat(unknownTask.code()).isEqualTo(ExitCodes.SESSION_UNAVAILABLE);
        // the relay's advice names roo-agent's command, not the relay request behind it
        assertThat(unknownTask.err())
                .contains("no task 'no-such-task': 'roo-agent history' lists its tasks")
                .doesNotContain("get_history");

        AgentProcess.Result usage = bob.run("run", "--session", session(), "--wait", "--on-followup", "", "x");
        assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);

        AgentProcess carol = loggedIn("carol");
        AgentProcess.Result forbidden = carol.run("run", "--session", session(), "hello");
        assertThat(forbidden.code()).as(forbidden.err()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(forbidden.err()).contains("[forbidden]");
    }
}
