package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.RelayFixture;
import dev.rooremote.testsupport.roo.RealRoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * roo-agent approving for real: the relay launches the real Roo Code 3.52.1 (headless, sidebar never
 * opened) with the roo-remote-bridge extension it ships, and an agent's --on-ask rule and a person's
 * {@code roo-agent approve} each let Roo write its file; both approvals are in the audit log.
 */
@Tag(RealRoo.TAG)
class ApproveRealRooTest {

    private static final String SESSION = "roo";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static Path workspace;
    private static RelayFixture relay;

    @BeforeAll
    static void launch() throws Exception {
        RealRoo.assumeAvailable();
        workspace = Files.createDirectories(dir.resolve("ws"));
        String template =
                RealRoo.launchTemplate(Files.createDirectories(dir.resolve("roo-logs"))) + " --extensions {bridgeVsix}";
        relay = RelayFixture.builder()
                .demoSessions(0)
                .launch(SESSION, workspace, template)
                .start();
        await().atMost(WAIT).until(() -> relay.runtime()
                .eventLog()
                .read(SESSION, (SessionState s) -> s.info().capabilities().approve()));
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void aRuleAndAPersonApproveRealWritesAndBothAreAudited() {
        InProcessAgent bob = new InProcessAgent()
                .env("ROO_AGENT_CONFIG", dir.resolve("unused.json").toString())
                .env("ROO_RELAY_URL", relay.url())
                .env("ROO_RELAY_TOKEN", relay.agentToken("reviewer-" + System.nanoTime(), Role.OPERATOR, SESSION))
                .env("ROO_RELAY_FINGERPRINT", relay.fingerprint());

        AgentProcess.Result byRule = bob.run(
                "run",
                "--session",
                SESSION,
                "--wait",
                "--timeout",
                "120s",
                "--on-ask",
                "approve-path=*.txt",
                "Please write path=by-rule.txt");
        assertThat(byRule.code()).as(byRule.err()).isZero();
        assertThat(byRule.err()).contains("By --on-ask, approved: newFileCreated by-rule.txt");
        assertThat(workspace.resolve("by-rule.txt")).hasContent("hello from real roo");

        AgentProcess.Result stopped =
                bob.run("run", "--session", SESSION, "--wait", "--timeout", "120s", "Please write path=by-person.txt");
        assertThat(stopped.code()).as(stopped.err()).isEqualTo(ExitCodes.NEEDS_INPUT);
        AgentProcess.Result approve = bob.run("approve", "--session", SESSION);
        assertThat(approve.code()).as(approve.err()).isZero();
        // Roo's diff view writes the file while it asks; once approved, Roo saves it and goes on.
        await().atMost(WAIT).until(() -> relay.runtime().eventLog().read(SESSION, (SessionState s) -> s.pendingAsk()
                .map(ask -> !"tool".equals(ask.ask()))
                .orElse(true)));
        assertThat(workspace.resolve("by-person.txt")).hasContent("hello from real roo");

        assertThat(relay.runtime().audit().query(new AuditLog.Query(null, null, "approve", SESSION, "ok", 10)))
                .extracting(AuditLog.Entry::detail)
                .anySatisfy(d -> assertThat(d).contains("by-rule.txt"))
                .anySatisfy(d -> assertThat(d).contains("by-person.txt"));
    }
}
