package dev.rooremote.relay.auth;

import dev.rooremote.protocol.relay.Role;
import java.time.Instant;
import java.util.Set;

/** A long-lived token for an agent, limited to {@code sessions} and {@code role}. */
public record AgentToken(
        String id,
        String name,
        Role role,
        Set<String> sessions,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {

    public AgentToken {
        sessions = Set.copyOf(sessions);
    }

    public boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
