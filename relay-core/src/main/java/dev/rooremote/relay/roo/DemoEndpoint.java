package dev.rooremote.relay.roo;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.relay.bridge.BridgeLink;
import dev.rooremote.relay.bridge.BridgeSecrets;
import dev.rooremote.relay.demo.DemoRoo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** The built-in demo Roo served on a socket in the relay's data dir, then attached like any other socket. */
public final class DemoEndpoint extends RooEndpoint {

    /** Opens demo sessions' endpoints; how fast the demo plays is chosen where the relay is wired. */
    @FunctionalInterface
    public interface Factory {
        DemoEndpoint open(String sessionId, Path socket, Backoff backoff, LongAdder bytesReceived);

        /** Demos that play at {@code timing}. */
        static Factory playing(DemoRoo.Timing timing) {
            Objects.requireNonNull(timing, "timing");
            return (sessionId, socket, backoff, bytesReceived) ->
                    new DemoEndpoint(sessionId, socket, timing, backoff, bytesReceived);
        }

        /** Demos at about the pace of the real extension with a fast model. */
        static Factory realistic() {
            return playing(DemoRoo.Timing.realistic());
        }
    }

    private final DemoRoo.Timing timing;
    private final BridgeLink.Address bridge;
    private volatile DemoRoo demo;

    /** The demo's bridge listens beside its Roo socket, on {@code <name>.bridge.sock}, with a fresh secret. */
    public DemoEndpoint(
            String sessionId, Path socket, DemoRoo.Timing timing, Backoff backoff, LongAdder bytesReceived) {
        super(sessionId, socket, backoff, bytesReceived);
        this.timing = timing;
        this.bridge = new BridgeLink.Address(bridgeSocketBeside(socket), BridgeSecrets.random());
    }

    @Override
    public Optional<BridgeLink.Address> bridge() {
        return Optional.of(bridge);
    }

    @Override
    public EndpointKind kind() {
        return EndpointKind.DEMO;
    }

    /** The running demo Roo, e.g. for tests that check what it received. */
    public Optional<DemoRoo> demoRoo() {
        return Optional.ofNullable(demo);
    }

    @Override
    protected ConnectionStatus beforeAttempt() throws IOException {
        if (demo == null) {
            privateDirectory(socket.toAbsolutePath().getParent());
            DemoRoo started = DemoRoo.start(socket, timing);
            try {
                started.serveBridge(bridge.socket(), bridge.secret());
            } catch (IOException e) {
                started.close();
                throw e;
            }
            demo = started;
        }
        return ConnectionStatus.CONNECTING;
    }

    @Override
    protected void shutdown() {
        DemoRoo d = demo;
        if (d != null) {
            d.close();
        }
    }
}
