package dev.rooremote.relay.auth;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logins, token refresh and the check of every bearer token the relay receives. */
public final class AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    /** Access tokens live at most 15 minutes; clients refresh them. */
    public static final Duration ACCESS_LIFETIME = Duration.ofMinutes(15);

    /** What login and refresh answer. */
    public record Tokens(String accessToken, String refreshToken, long expiresIn, Role role, String user) {}

    private final UserStore users;
    private final JwtService jwt;
    private final RefreshTokens refreshTokens;
    private final AgentTokens agentTokens;
    private final LoginThrottle throttle;

    public AuthService(
            UserStore users,
            JwtService jwt,
            RefreshTokens refreshTokens,
            AgentTokens agentTokens,
            LoginThrottle throttle) {
        this.users = users;
        this.jwt = jwt;
        this.refreshTokens = refreshTokens;
        this.agentTokens = agentTokens;
        this.throttle = throttle;
    }

    /** Everything on one database with the data dir's signing secret. */
    public static AuthService create(Database database, Clock clock) {
        JwtService jwt = new JwtService(database.dataDir(), clock);
        return new AuthService(
                new UserStore(database, new PasswordHasher(), clock),
                jwt,
                new RefreshTokens(database, clock),
                new AgentTokens(database, jwt, clock),
                new LoginThrottle(clock));
    }

    public UserStore users() {
        return users;
    }

    public AgentTokens agentTokens() {
        return agentTokens;
    }

    public RefreshTokens refreshTokens() {
        return refreshTokens;
    }

    public JwtService jwt() {
        return jwt;
    }

    public Tokens login(String username, String password, String address) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw AuthException.badRequest("'username' and 'password' are required");
        }
        long wait = throttle.retryAfterSeconds(username, address);
        if (wait > 0) {
            throw new AuthException(
                    429, ErrorCode.RATE_LIMITED, "too many failed logins: try again in " + wait + " s", wait);
        }
        Optional<User> user = users.authenticate(username, password);
        if (user.isEmpty()) {
            throttle.failed(username, address);
            LOG.warn("failed login for '{}' from {}", username, address);
            throw AuthException.unauthorized("wrong user name or password");
        }
        throttle.succeeded(username);
        LOG.info("login: {} ({}) from {}", username, user.get().role().wire(), address);
        return tokensFor(user.get(), refreshTokens.issue(username));
    }

    public Tokens refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw AuthException.badRequest("'refreshToken' is required");
        }
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken);
        User user = users.find(rotated.username())
                .orElseThrow(() -> AuthException.unauthorized("the account no longer exists: ask an admin"));
        return tokensFor(user, rotated.token());
    }

    /** Who a bearer token (access or agent) stands for; throws {@link AuthException} (401) otherwise. */
    public Caller authenticate(String bearer) {
        if (bearer == null || bearer.isBlank()) {
            throw AuthException.unauthorized("no token: send 'Authorization: Bearer <token>' (log in first)");
        }
        JwtService.Verified verified = jwt.verify(bearer.trim());
        if (verified.kind() == JwtService.Kind.AGENT) {
            AgentToken token = agentTokens.check(verified.id());
            return new Caller(token.name(), token.role(), token.sessions());
        }
        // The account's current role counts, not the one at login.
        User user = users.find(verified.subject())
                .orElseThrow(() -> AuthException.unauthorized("the account no longer exists: ask an admin"));
        return new Caller(user.name(), user.role(), null);
    }

    /** An access token for a user, for tests and tools that skip the login round-trip. */
    public String accessToken(String username) {
        User user = users.find(username).orElseThrow(() -> new IllegalArgumentException("no user '" + username + "'"));
        return jwt.sign(
                JwtService.Kind.ACCESS,
                user.name(),
                null,
                ACCESS_LIFETIME,
                Map.of("role", user.role().wire()));
    }

    private Tokens tokensFor(User user, String refreshToken) {
        String access = jwt.sign(
                JwtService.Kind.ACCESS,
                user.name(),
                null,
                ACCESS_LIFETIME,
                Map.of("role", user.role().wire()));
        return new Tokens(access, refreshToken, ACCESS_LIFETIME.toSeconds(), user.role(), user.name());
    }
}
