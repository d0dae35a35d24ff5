package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.BridgedRealRoo;
import dev.rooremote.testsupport.roo.RealRoo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * roo-agent approving for real: the relay launches the real Roo Code 3.52.1 (headless, sidebar never
 * opened) with the roo-remote-bridge extension it ships, and an agent's --on-ask rule and a person's
 * {@code roo-agent approve} each let Roo write its file; both approvals are in the audit log.
 */
@Tag(RealRoo.TAG)
class ApproveRealRooTest {

    private static final String SESSION = BridgedRealRoo.SESSION;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    static BridgedRealRoo real = BridgedRealRoo.instance();

    @TempDir
    static Path home;

    @Test
    void aRuleAndAPersonApproveRealWritesAndBothAreAudited() {
        InProcessAgent bob = new InProcessAgent()
                .env("ROO_AGENT_CONFIG", home.resolve("unused.json").toString())
                .env("ROO_RELAY_URL", real.relay().url())
                .env(
                        "ROO_RELAY_TOKEN",
                        real.relay().agentToken("reviewer-" + System.nanoTime(), Role.OPERATOR, SESSION))
                .env("ROO_RELAY_FINGERPRINT", real.relay().fingerprint());

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
        assertThat(real.workspace().resolve("by-rule.txt")).hasContent("hello from real roo");

        AgentProcess.Result stopped =
                bob.run("run", "--session", SESSION, "--wait", "--timeout", "120s", "Please write path=by-person.txt");
        assertThat(stopped.code()).as(stopped.err()).isEqualTo(ExitCodes.NEEDS_INPUT);
        AgentProcess.Result approve = bob.run("approve", "--session", SESSION);
        assertThat(approve.code()).as(approve.err()).isZero();
        // Roo's diff view writes the file while it asks; once approved, Roo saves it and goes on.
        await().atMost(WAIT)
                .until(() -> real.relay().runtime().eventLog().read(SESSION, (SessionState s) -> s.pendingAsk()
                        .map(ask -> !"tool".equals(ask.ask()))
                        .orElse(true)));
        assertThat(real.workspace().resolve("by-person.txt")).hasContent("hello from real roo");

        assertThat(real.relay().runtime().audit().query(new AuditLog.Query(null, null, "approve", SESSION, "ok", 10)))
                .extracting(AuditLog.Entry::detail)
                .anySatisfy(d -> assertThat(d).contains("by-rule.txt"))
                .anySatisfy(d -> assertThat(d).contains("by-person.txt"));
    }
}
