package dev.rooremote.testsupport;

import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.testsupport.roo.RealRoo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A relay that launches the real Roo Code as one session, {@value #SESSION}, with the roo-remote-bridge
 * extension the relay ships ({@code --launch} with {@code --extensions {bridgeVsix}}), as
 * {@code roo-relay serve --launch} does: what tests that approve for real start with. The session is
 * ready once its bridge offers approve.
 *
 * <p>As a JUnit 5 extension ({@code @RegisterExtension static BridgedRealRoo real = BridgedRealRoo.instance();})
 * it starts the relay before the class's tests and stops it after them; without the real Roo package
 * the class is skipped, and says why.
 */
public final class BridgedRealRoo implements BeforeAllCallback, AfterAllCallback {

    /** The relay's name for the launched Roo. */
    public static final String SESSION = "roo";

    private static final Duration READY = Duration.ofMinutes(2);

    private Path dir;
    private RelayFixture relay;

    private BridgedRealRoo() {}

    public static BridgedRealRoo instance() {
        return new BridgedRealRoo();
    }

    /** The relay that launched Roo. */
    public RelayFixture relay() {
        if (relay == null) {
            throw new IllegalStateException("the relay has not been started");
        }
        return relay;
    }

    /** The folder Roo works in: files it writes appear here. */
    public Path workspace() {
        return dir.resolve("ws");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        RealRoo.assumeAvailable();
        try {
            dir = Files.createTempDirectory("bridged-roo");
            Files.createDirectories(workspace());
            String template = RealRoo.launchTemplate(Files.createDirectories(dir.resolve("roo-logs")))
                    + " --extensions {bridgeVsix}";
            relay = RelayFixture.builder()
                    .demoSessions(0)
                    .launch(SESSION, workspace(), template)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + READY.toNanos();
        while (!relay.runtime()
                .eventLog()
                .read(SESSION, (SessionState s) -> s.info().capabilities().approve())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the launched Roo's bridge did not offer approve within " + READY
                        + "; the session's log is in " + relay.dataDir().resolve("sessions"));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (relay != null) {
            relay.close();
        }
    }
}
