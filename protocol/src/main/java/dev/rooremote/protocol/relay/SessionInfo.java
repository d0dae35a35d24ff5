package dev.rooremote.protocol.relay;

import java.util.Objects;

/**
 * What a session list shows of a session.
 *
 * @param task the current task, or null when the session has none
 * @param pendingAsk the ask that waits for a person, or null
 */
public record SessionInfo(
        String sessionId,
        String name,
        EndpointKind endpoint,
        ConnectionStatus connection,
        Capabilities capabilities,
        TaskSummary task,
        PendingAsk pendingAsk) {

    public SessionInfo {
        Ids.requireId(sessionId, "sessionId");
        Objects.requireNonNull(name, "name");
        endpoint = endpoint == null ? EndpointKind.UNKNOWN : endpoint;
        connection = connection == null ? ConnectionStatus.UNKNOWN : connection;
        capabilities = capabilities == null ? Capabilities.stockIpc() : capabilities;
    }
}
