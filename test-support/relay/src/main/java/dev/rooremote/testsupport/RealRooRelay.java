package dev.rooremote.testsupport;

import dev.rooremote.testsupport.roo.RealRoo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Roo Code instance with a relay attached to it as one session, {@value #SESSION}, and no demo
 * sessions: what every end-to-end test against the real extension starts with.
 *
 * <p>As a JUnit 5 extension ({@code @RegisterExtension static RealRooRelay real = RealRooRelay.instance();})
 * it starts Roo, then the relay, before the class's tests and stops both after them; without the real
 * Roo package the class is skipped, and says why.
 */
public final class RealRooRelay implements BeforeAllCallback, AfterAllCallback {

    /** The relay's name for the attached Roo. */
    public static final String SESSION = "roo";

    private final RealRoo roo = RealRoo.instance();
    private RelayFixture relay;

    private RealRooRelay() {}

    public static RealRooRelay instance() {
        return new RealRooRelay();
    }

    /** The real Roo behind the session (its workspace, kill and start). */
    public RealRoo roo() {
        return roo;
    }

    /** The relay the session is attached to. */
    public RelayFixture relay() {
        if (relay == null) {
            throw new IllegalStateException("the relay has not been started");
        }
        return relay;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        roo.start();
        relay = RelayFixture.builder()
                .demoSessions(0)
                .attach(SESSION, roo.socket())
                .start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (relay != null) {
                relay.close();
            }
        } finally {
            roo.close();
        }
    }
}
