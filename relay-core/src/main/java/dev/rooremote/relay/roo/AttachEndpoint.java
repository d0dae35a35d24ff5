package dev.rooremote.relay.roo;

import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.relay.bridge.BridgeLink;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * An existing Roo IPC socket, served by a VS Code started elsewhere with ROO_CODE_IPC_SOCKET_PATH; if
 * that VS Code runs roo-remote-bridge, where it listens and its secret.
 */
public final class AttachEndpoint extends RooEndpoint {

    private final BridgeLink.Address bridge;

    public AttachEndpoint(String sessionId, Path socket, Backoff backoff, LongAdder bytesReceived) {
        this(sessionId, socket, null, backoff, bytesReceived);
    }

    /** @param bridge the bridge of that VS Code, or null */
    public AttachEndpoint(
            String sessionId, Path socket, BridgeLink.Address bridge, Backoff backoff, LongAdder bytesReceived) {
        super(sessionId, socket, backoff, bytesReceived);
        this.bridge = bridge;
    }

    @Override
    public EndpointKind kind() {
        return EndpointKind.ATTACH;
    }

    @Override
    public Optional<BridgeLink.Address> bridge() {
        return Optional.ofNullable(bridge);
    }
}
