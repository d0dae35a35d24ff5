package dev.rooremote.relay.auth;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Agent tokens: JWTs whose id names a row of {@code agent_tokens}. The row, not the JWT, is the
 * authority: every use checks that it exists, is not revoked and has not expired, and takes the
 * role and sessions from it.
 */
public final class AgentTokens {

    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final Duration MAX_TTL = Duration.ofDays(3650);

    /** A new token and the secret to hand to the agent (shown once). */
    public record Created(AgentToken token, String secret) {}

    private final Database database;
    private final JwtService jwt;
    private final Clock clock;

    public AgentTokens(Database database, JwtService jwt, Clock clock) {
        this.database = database;
        this.jwt = jwt;
        this.clock = clock;
    }

    public Created create(String name, Role role, Set<String> sessions, Duration ttl) {
        UserStore.checkName(name);
        if (role == Role.ADMIN) {
            throw new IllegalArgumentException("agent tokens are limited to the operator or viewer role");
        }
        if (sessions.isEmpty()) {
            throw new IllegalArgumentException("an agent token needs at least one session");
        }
        for (String session : sessions) {
            if (!SESSION.matcher(session).matches()) {
                throw new IllegalArgumentException("session id '" + session + "' is not valid");
            }
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the lifetime must be between 1 second and 3650 days");
        }
        if (findActive(name).isPresent()) {
            throw new IllegalArgumentException(
                    "an active token named '" + name + "' exists: revoke it first or pick another name");
        }
        Instant now = clock.instant();
        AgentToken token = new AgentToken(
                UUID.randomUUID().toString(), name, role, new LinkedHashSet<>(sessions), now, now.plus(ttl), null);
        database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO agent_tokens (id, name, role, sessions, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, token.id());
                insert.setString(2, name);
                insert.setString(3, role.wire());
                insert.setString(4, String.join(",", sessions));
                insert.setObject(5, utc(now));
                insert.setObject(6, utc(token.expiresAt()));
                return insert.executeUpdate();
            }
        });
        String secret = jwt.sign(
                JwtService.Kind.AGENT,
                name,
                token.id(),
                ttl,
                Map.of("role", role.wire(), "sessions", List.copyOf(token.sessions())));
        return new Created(token, secret);
    }

    public List<AgentToken> list() {
        return query(
                "SELECT id, name, role, sessions, created_at, expires_at, revoked_at FROM agent_tokens ORDER BY created_at",
                null);
    }

    public Optional<AgentToken> find(String id) {
        return query(
                        "SELECT id, name, role, sessions, created_at, expires_at, revoked_at FROM agent_tokens WHERE id = ?",
                        id)
                .stream()
                .findFirst();
    }

    /** Revokes the active token with this id or name; false when there is none. */
    public boolean revoke(String idOrName) {
        return database.run(connection -> {
            try (PreparedStatement revoke = connection.prepareStatement(
                    "UPDATE agent_tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL")) {
                revoke.setObject(1, utc(clock.instant()));
                revoke.setString(2, idOrName);
                revoke.setString(3, idOrName);
                return revoke.executeUpdate() > 0;
            }
        });
    }

    /** The active token with this id, or a 401 naming why it is refused. */
    public AgentToken check(String id) {
        AgentToken token = find(id).orElseThrow(() ->
                AuthException.unauthorized("the agent token is not known to this relay: ask for a new one"));
        if (token.revokedAt() != null) {
            throw AuthException.unauthorized("the agent token '" + token.name() + "' was revoked: ask for a new one");
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            throw AuthException.unauthorized("the agent token '" + token.name() + "' has expired: ask for a new one");
        }
        return token;
    }

    private Optional<AgentToken> findActive(String name) {
        Instant now = clock.instant();
        return list().stream()
                .filter(t -> t.name().equals(name) && t.activeAt(now))
                .findFirst();
    }

    private List<AgentToken> query(String sql, String parameter) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    select.setString(1, parameter);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<AgentToken> tokens = new ArrayList<>();
                    while (rows.next()) {
                        tokens.add(token(rows));
                    }
                    return tokens;
                }
            }
        });
    }

    private static AgentToken token(ResultSet rows) throws SQLException {
        OffsetDateTime revoked = rows.getObject(7, OffsetDateTime.class);
        return new AgentToken(
                rows.getString(1),
                rows.getString(2),
                Role.fromWire(rows.getString(3)),
                new LinkedHashSet<>(Arrays.asList(rows.getString(4).split(","))),
                rows.getObject(5, OffsetDateTime.class).toInstant(),
                rows.getObject(6, OffsetDateTime.class).toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
