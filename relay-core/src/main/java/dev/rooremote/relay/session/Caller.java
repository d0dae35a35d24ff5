package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.Role;
import java.util.Objects;
import java.util.Set;

/**
 * Who sends a request: a user, or an agent token limited to some sessions.
 *
 * @param sessions the sessions the caller may see and act on, or null for all
 */
public record Caller(String name, Role role, Set<String> sessions) {

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        sessions = sessions == null ? null : Set.copyOf(sessions);
    }

    public boolean maySee(String sessionId) {
        return sessions == null || sessions.contains(sessionId);
    }
}
