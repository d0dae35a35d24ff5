package dev.rooremote.relay.roo;

import dev.rooremote.protocol.relay.EndpointKind;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/** An existing Roo IPC socket, served by a VS Code started elsewhere with ROO_CODE_IPC_SOCKET_PATH. */
public final class AttachEndpoint extends RooEndpoint {

    public AttachEndpoint(String sessionId, Path socket, Backoff backoff, LongAdder bytesReceived) {
        super(sessionId, socket, backoff, bytesReceived);
    }

    @Override
    public EndpointKind kind() {
        return EndpointKind.ATTACH;
    }
}
