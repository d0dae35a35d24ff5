package dev.rooremote.relay.auth;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

    /** The claim that ties an access token to the refresh-token family (the login) it came from. */
    static final String FAMILY_CLAIM = "fam";

    /** The throttle's name for failed pairing codes: counted per address, apart from any account. */
    private static final String PAIRING = "(pairing code)";

    private final UserStore users;
    private final JwtService jwt;
    private final RefreshTokens refreshTokens;
    private final AgentTokens agentTokens;
    private final PairingCodes pairingCodes;
    private final Devices devices;
    private final LoginThrottle throttle;
    private final Duration accessLifetime;
    private final Passkeys passkeys;
    private final PasskeyChallenges challenges;
    private final PasskeyCeremonies ceremonies = new PasskeyCeremonies();

    /** A sign-in by pairing code: the tokens and the device it made. */
    public record Paired(Tokens tokens, Devices.Device device) {}

    /**
     * The web console's first sign-in step: signed in ({@code tokens}, and the {@code device} a pairing
     * made), or, for a user with passkeys, a passkey step to finish ({@code passkey}).
     */
    public record WebStep(Tokens tokens, Devices.Device device, PasskeyStep passkey) {}

    /** A ceremony opened for a user: what the browser needs, and the user's registered credential IDs. */
    public record PasskeyStep(PasskeyChallenges.Opened opened, List<String> credentialIds) {}

    public AuthService(
            UserStore users,
            JwtService jwt,
            RefreshTokens refreshTokens,
            AgentTokens agentTokens,
            PairingCodes pairingCodes,
            Devices devices,
            LoginThrottle throttle,
            Duration accessLifetime,
            Passkeys passkeys,
            PasskeyChallenges challenges) {
        this.users = users;
        this.jwt = jwt;
        this.refreshTokens = refreshTokens;
        this.agentTokens = agentTokens;
        this.pairingCodes = pairingCodes;
        this.devices = devices;
        this.throttle = throttle;
        this.accessLifetime = accessLifetime;
        this.passkeys = passkeys;
        this.challenges = challenges;
    }

    /** Everything on one database with the data dir's signing secret. */
    public static AuthService create(Database database, Clock clock) {
        return create(database, clock, ACCESS_LIFETIME);
    }

    /** The same, with access tokens that live {@code accessLifetime}. */
    public static AuthService create(Database database, Clock clock, Duration accessLifetime) {
        JwtService jwt = new JwtService(database.dataDir(), clock);
        return new AuthService(
                new UserStore(database, new PasswordHasher(), clock),
                jwt,
                new RefreshTokens(database, clock),
                new AgentTokens(database, jwt, clock),
                new PairingCodes(database, clock),
                new Devices(database, clock),
                new LoginThrottle(clock),
                accessLifetime,
                new Passkeys(database, clock),
                new PasskeyChallenges(database, clock));
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

    public PairingCodes pairingCodes() {
        return pairingCodes;
    }

    public Devices devices() {
        return devices;
    }

    public Passkeys passkeys() {
        return passkeys;
    }

    /** Adding and removing a signed-in person's passkeys. */
    public PasskeyEnrolment passkeyEnrolment() {
        return new PasskeyEnrolment(this, passkeys, challenges, ceremonies);
    }

    /** A new pairing code for an existing user. */
    public PairingCodes.Code pairingCode(String username) {
        User user = users.find(username)
                .orElseThrow(() -> AuthException.badRequest("no user '" + username + "' on this relay"));
        return pairingCodes.issue(user.name());
    }

    /**
     * Signs a device in with a pairing code: the code is spent, and the device gets a login of its own
     * (a refresh-token family) under {@code deviceName}. Throttled like logins, per address.
     */
    public Paired pair(String code, String deviceName, String address) {
        String name = Devices.checkName(deviceName);
        String username = redeem(code, address);
        return finishPairing(username, name, address);
    }

    /**
     * The web console's pairing: as {@link #pair}, but when the user has passkeys the code is spent and
     * a passkey step opened ({@link #finishWithPasskey}) before any device or token is made.
     */
    public WebStep webPair(String code, String deviceName, String address) {
        String name = Devices.checkName(deviceName);
        String username = redeem(code, address);
        if (passkeys.count(username) > 0) {
            return new WebStep(null, null, passkeyStep(username, PasskeyChallenges.Purpose.PAIR, name));
        }
        Paired paired = finishPairing(username, name, address);
        return new WebStep(paired.tokens(), paired.device(), null);
    }

    private String redeem(String code, String address) {
        long wait = throttle.retryAfterSeconds(PAIRING, address);
        if (wait > 0) {
            throw new AuthException(
                    429, ErrorCode.RATE_LIMITED, "too many wrong pairing codes: try again in " + wait + " s", wait);
        }
        try {
            return pairingCodes.redeem(code);
        } catch (AuthException e) {
            if (e.status() == 401) {
                throttle.failed(PAIRING, address);
                LOG.warn("refused pairing code from {}", address);
            }
            throw e;
        }
    }

    private Paired finishPairing(String username, String name, String address) {
        User user = users.find(username)
                .orElseThrow(() -> AuthException.unauthorized("the account no longer exists: ask an admin"));
        RefreshTokens.Issued issued = refreshTokens.issue(user.name());
        Devices.Device device = devices.add(user.name(), name, issued.family());
        LOG.info(
                "paired device {} ({}) for {} from {}",
                device.id(),
                LogText.of(name),
                LogText.of(user.name()),
                address);
        return new Paired(tokensFor(user, issued.token(), issued.family()), device);
    }

    public Tokens login(String username, String password, String address) {
        User user = checkPassword(username, password, address);
        return signIn(user, address);
    }

    /**
     * The web console's password sign-in: as {@link #login}, but when the user has passkeys a passkey
     * step is opened ({@link #finishWithPasskey}) and nothing is issued yet.
     */
    public WebStep webLogin(String username, String password, String address) {
        User user = checkPassword(username, password, address);
        if (passkeys.count(user.name()) > 0) {
            LOG.info("password accepted for {} from {}: waiting for a passkey", LogText.of(username), address);
            return new WebStep(null, null, passkeyStep(user.name(), PasskeyChallenges.Purpose.LOGIN, null));
        }
        return new WebStep(signIn(user, address), null, null);
    }

    /**
     * Finishes a web sign-in or pairing that waits for a passkey: the step named by {@code handle} is
     * spent, and the browser's answer must be a fresh assertion by one of the user's passkeys for this
     * relay. Failures are throttled like wrong passwords. Returns the tokens, and the device of a pairing.
     */
    public WebStep finishWithPasskey(
            String handle, String responseJson, PasskeyCeremonies.RelyingParty party, String address) {
        PasskeyChallenges.Pending pending =
                challenges.take(handle, PasskeyChallenges.Purpose.LOGIN, PasskeyChallenges.Purpose.PAIR);
        long wait = throttle.retryAfterSeconds(pending.user(), address);
        if (wait > 0) {
            throw new AuthException(
                    429, ErrorCode.RATE_LIMITED, "too many failed sign-ins: try again in " + wait + " s", wait);
        }
        PasskeyCeremonies.Asserted asserted;
        try {
            asserted = ceremonies.authenticate(pending, responseJson, party, passkeys);
        } catch (AuthException e) {
            throttle.failed(pending.user(), address);
            LOG.warn("refused passkey for {} from {}: {}", LogText.of(pending.user()), address, e.getMessage());
            throw new PasskeyRefused(pending.user(), e);
        }
        passkeys.used(asserted.passkey().id(), asserted.signCount());
        if (pending.purpose() == PasskeyChallenges.Purpose.PAIR) {
            Paired paired = finishPairing(pending.user(), pending.device(), address);
            return new WebStep(paired.tokens(), paired.device(), null);
        }
        User user = users.find(pending.user())
                .orElseThrow(() -> AuthException.unauthorized("the account no longer exists: ask an admin"));
        return new WebStep(signIn(user, address), null, null);
    }

    /** A refused passkey, with the user whose sign-in it was (for the audit trail). */
    public static final class PasskeyRefused extends AuthException {
        private static final long serialVersionUID = 1L;
        private final String user;

        PasskeyRefused(String user, AuthException cause) {
            super(cause.status(), cause.code(), cause.getMessage(), cause.retryAfterSeconds());
            this.user = user;
        }

        public String user() {
            return user;
        }
    }

    PasskeyStep passkeyStep(String user, PasskeyChallenges.Purpose purpose, String device) {
        List<String> ids =
                passkeys.list(user).stream().map(Passkeys.Passkey::credentialId).toList();
        ceremonies.prepare();
        return new PasskeyStep(challenges.open(user, purpose, device), ids);
    }

    /** The user whose password this is; throttled, and a failure is counted. */
    User checkPassword(String username, String password, String address) {
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
            LOG.warn("failed login for {} from {}", LogText.of(username), address);
            throw AuthException.unauthorized("wrong user name or password");
        }
        return user.get();
    }

    private Tokens signIn(User user, String address) {
        throttle.succeeded(user.name(), address);
        LOG.info("login: {} ({}) from {}", LogText.of(user.name()), user.role().wire(), address);
        RefreshTokens.Issued issued = refreshTokens.issue(user.name());
        return tokensFor(user, issued.token(), issued.family());
    }

    public Tokens refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw AuthException.badRequest("'refreshToken' is required");
        }
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken);
        User user = users.find(rotated.username())
                .orElseThrow(() -> AuthException.unauthorized("the account no longer exists: ask an admin"));
        return tokensFor(user, rotated.token(), rotated.family());
    }

    /**
     * Who the web console's refresh cookie stands for, with the account's current role, without
     * spending it (the page's own refresh goes on as before); throws {@link AuthException} (401) when it
     * is not the current token of a live login.
     */
    public Caller webCaller(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw AuthException.unauthorized("not signed in on this browser: open the web console and log in");
        }
        String name = refreshTokens
                .holder(refreshToken)
                .orElseThrow(() -> AuthException.unauthorized(
                        "this browser's sign-in is no longer valid: open the web console and log in"));
        User user = users.find(name)
                .orElseThrow(() -> AuthException.unauthorized("the account no longer exists: ask an admin"));
        return new Caller(user.name(), user.role(), null);
    }

    /**
     * Signs out the login a refresh token belongs to: its family is revoked, and with it every access
     * token of that login. Returns the user, or empty when the token is not known.
     */
    public Optional<String> logout(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return Optional.empty();
        }
        Optional<String> user = refreshTokens.revokeFamilyOf(refreshToken);
        user.ifPresent(name -> LOG.info("logout: {}", LogText.of(name)));
        return user;
    }

    /** Who a bearer token (access or agent) stands for; throws {@link AuthException} (401) otherwise. */
    public Caller authenticate(String bearer) {
        return identify(bearer).caller();
    }

    /**
     * Who a bearer token (access or agent) stands for, with what a connection needs to keep checking
     * it ({@link #recheck}); throws {@link AuthException} (401) otherwise.
     */
    public Identity identify(String bearer) {
        if (bearer == null || bearer.isBlank()) {
            throw AuthException.unauthorized("no token: send 'Authorization: Bearer <token>' (log in first)");
        }
        JwtService.Verified verified = jwt.verify(bearer.trim());
        Identity identity = new Identity(caller(verified), verified);
        recheck(identity);
        return identity;
    }

    /**
     * Throws {@link AuthException} saying why an identity no longer holds: its agent token was revoked
     * or expired, its account was removed or changed (password or role) after it signed in, or its
     * login was signed out (its refresh-token family revoked). Expiry of an access token is not checked
     * here: a connection renews it in band.
     */
    public void recheck(Identity identity) {
        JwtService.Verified token = identity.token();
        if (token.kind() == JwtService.Kind.AGENT) {
            AgentToken row = agentTokens.check(token.id());
            if (token.expiresAt().isAfter(row.expiresAt().plus(JwtService.CLOCK_SKEW))) {
                throw AuthException.unauthorized("the token outlives the agent token it names: ask for a new one");
            }
            return;
        }
        if (Duration.between(token.issuedAt(), token.expiresAt()).compareTo(accessLifetime.plusSeconds(1)) > 0) {
            throw AuthException.unauthorized("the token lives longer than this relay's access tokens ("
                    + accessLifetime.toSeconds() + " s): log in again");
        }
        User user = users.find(token.subject())
                .orElseThrow(() -> AuthException.unauthorized("the account was removed: ask an admin"));
        if (user.role() != identity.caller().role()) {
            throw AuthException.unauthorized(
                    "the account's role changed to " + user.role().wire() + ": sign in again");
        }
        if (user.updatedAt() != null
                && user.updatedAt().truncatedTo(ChronoUnit.SECONDS).isAfter(token.issuedAt())) {
            throw AuthException.unauthorized("the account changed after this sign-in (a new password?): log in again");
        }
        if (token.claims().get(FAMILY_CLAIM) instanceof String family && !refreshTokens.familyActive(family)) {
            throw AuthException.unauthorized(
                    "this login was signed out (password change, or its refresh token was used twice): log in again");
        }
    }

    private Caller caller(JwtService.Verified verified) {
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
                accessLifetime,
                Map.of("role", user.role().wire()));
    }

    private Tokens tokensFor(User user, String refreshToken, String family) {
        String access = jwt.sign(
                JwtService.Kind.ACCESS,
                user.name(),
                null,
                accessLifetime,
                Map.of("role", user.role().wire(), FAMILY_CLAIM, family));
        return new Tokens(access, refreshToken, accessLifetime.toSeconds(), user.role(), user.name());
    }
}
