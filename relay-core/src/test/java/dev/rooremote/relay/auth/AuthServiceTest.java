package dev.rooremote.relay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Accounts, logins and tokens, held by the embedded database and by PostgreSQL alike. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AuthServiceTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private Database database;
    private AuthService auth;

    @BeforeEach
    void open() {
        database = kind.create(dir).open();
        JwtService jwt = new JwtService(database.dataDir(), clock);
        auth = new AuthService(
                new UserStore(database, new PasswordHasher(1024, 1, 1), clock),
                jwt,
                new RefreshTokens(database, clock),
                new AgentTokens(database, jwt, clock),
                new PairingCodes(database, clock),
                new Devices(database, clock),
                new LoginThrottle(clock, 3, 10),
                AuthService.ACCESS_LIFETIME,
                new Passkeys(database, clock),
                new PasskeyChallenges(database, clock));
        auth.users().add("alice", Role.ADMIN, "alice-password");
        auth.users().add("carol", Role.VIEWER, "carol-password");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void loginGivesShortLivedAccessTokenAndRefreshToken() {
        AuthService.Tokens tokens = auth.login("alice", "alice-password", "10.0.0.1");
        assertThat(tokens.role()).isEqualTo(Role.ADMIN);
        assertThat(tokens.user()).isEqualTo("alice");
        assertThat(tokens.expiresIn()).isLessThanOrEqualTo(900);
        assertThat(auth.authenticate(tokens.accessToken())).isEqualTo(new Caller("alice", Role.ADMIN, null));

        clock.advance(Duration.ofMinutes(15));
        assertThatThrownBy(() -> auth.authenticate(tokens.accessToken()))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void wrongPasswordsAndUnknownUsersGetTheSameAnswer() {
        assertThatThrownBy(() -> auth.login("alice", "nope-nope", "a"))
                .isInstanceOf(AuthException.class)
                .hasMessage("wrong user name or password");
        assertThatThrownBy(() -> auth.login("mallory", "nope-nope", "a"))
                .isInstanceOf(AuthException.class)
                .hasMessage("wrong user name or password");
    }

    @Test
    void guessingFromOneAddressLocksThatAddressOutOfTheAccountWithGrowingDelaysButNotItsOwnerElsewhere() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> auth.login("alice", "wrong-password", "10.9.9.9"))
                    .extracting(e -> ((AuthException) e).status())
                    .isEqualTo(401);
        }
        AuthException throttled = (AuthException)
                org.assertj.core.api.Assertions.catchThrowable(() -> auth.login("alice", "alice-password", "10.9.9.9"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(throttled.retryAfterSeconds()).isPositive();
        assertThat(throttled.getMessage()).contains("try again in");

        assertThat(auth.login("alice", "alice-password", "10.9.9.8").user())
                .as("the owner, from another machine")
                .isEqualTo("alice");
        assertThat(auth.login("carol", "carol-password", "10.9.9.7").user()).isEqualTo("carol");

        clock.advance(Duration.ofSeconds(throttled.retryAfterSeconds()));
        assertThatThrownBy(() -> auth.login("alice", "wrong-password", "10.9.9.9"))
                .extracting(e -> ((AuthException) e).status())
                .isEqualTo(401);
        AuthException longer = (AuthException)
                org.assertj.core.api.Assertions.catchThrowable(() -> auth.login("alice", "alice-password", "10.9.9.9"));
        assertThat(longer.retryAfterSeconds()).isGreaterThan(throttled.retryAfterSeconds());
    }

    @Test
    void guessingSpreadOverManyAddressesLocksNewAddressesOutButNotTheOnesTheOwnerUses() {
        assertThat(auth.login("alice", "alice-password", "10.1.1.1").user()).isEqualTo("alice");
        for (int i = 0; i < 13; i++) {
            String address = "203.0.113." + i;
            assertThatThrownBy(() -> auth.login("alice", "wrong-password", address))
                    .isInstanceOf(AuthException.class);
        }
        assertThatThrownBy(() -> auth.login("alice", "alice-password", "198.51.100.7"))
                .extracting(e -> ((AuthException) e).status())
                .isEqualTo(429);
        assertThat(auth.login("alice", "alice-password", "10.1.1.1").user())
                .as("the owner's own machine is never locked out by guesses from elsewhere")
                .isEqualTo("alice");
    }

    @Test
    void failuresFromOneAddressAreThrottledAcrossUserNames() {
        for (int i = 0; i < 10; i++) {
            int n = i;
            assertThatThrownBy(() -> auth.login("user" + n, "wrong-password", "192.0.2.66"))
                    .isInstanceOf(AuthException.class);
        }
        assertThatThrownBy(() -> auth.login("user-x", "wrong-password", "192.0.2.66"))
                .isInstanceOf(AuthException.class);
        assertThatThrownBy(() -> auth.login("alice", "alice-password", "192.0.2.66"))
                .extracting(e -> ((AuthException) e).status())
                .isEqualTo(429);
        assertThat(auth.login("alice", "alice-password", "192.0.2.67").user()).isEqualTo("alice");
    }

    @Test
    void refreshTokensRotateAndReuseRevokesTheWholeLogin() {
        AuthService.Tokens first = auth.login("alice", "alice-password", "a");
        AuthService.Tokens second = auth.refresh(first.refreshToken());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(auth.authenticate(second.accessToken()).name()).isEqualTo("alice");

        assertThatThrownBy(() -> auth.refresh(first.refreshToken()))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("already used");
        assertThatThrownBy(() -> auth.refresh(second.refreshToken()))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("revoked");

        AuthService.Tokens other = auth.login("alice", "alice-password", "a");
        assertThat(auth.refresh(other.refreshToken()).user()).isEqualTo("alice");
        assertThatThrownBy(() -> auth.refresh("made-up")).hasMessageContaining("not known");
    }

    @Test
    void refreshTokensOfARemovedOrChangedAccountStopWorking() {
        AuthService.Tokens tokens = auth.login("carol", "carol-password", "a");
        auth.refreshTokens().revokeUser("carol");
        assertThatThrownBy(() -> auth.refresh(tokens.refreshToken())).hasMessageContaining("revoked");

        String access = auth.login("carol", "carol-password", "a").accessToken();
        auth.users().remove("carol");
        assertThatThrownBy(() -> auth.authenticate(access)).hasMessageContaining("no longer exists");
    }

    @Test
    void forgedUnsignedOtherAlgorithmAndOtherKeyTokensAreRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("roo-relay")
                .audience("roo-remote")
                .subject("alice")
                .jwtID("x")
                .claim("kind", "access")
                .expirationTime(Date.from(clock.instant().plusSeconds(600)))
                .build();

        String none = new PlainJWT(claims).serialize();
        assertThatThrownBy(() -> auth.authenticate(none)).isInstanceOf(AuthException.class);

        byte[] otherKey = DataDir.randomBytes(32);
        SignedJWT otherKeyJwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        otherKeyJwt.sign(new MACSigner(otherKey));
        assertThatThrownBy(() -> auth.authenticate(otherKeyJwt.serialize())).hasMessageContaining("signature");

        byte[] relayKey = java.nio.file.Files.readAllBytes(dir.resolve(JwtService.SECRET_FILE));
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims);
        hs512.sign(new MACSigner(concat(relayKey, relayKey)));
        assertThatThrownBy(() -> auth.authenticate(hs512.serialize())).hasMessageContaining("algorithm");

        String valid = auth.accessToken("alice");
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                claims.toString().replace("alice", "carol").getBytes())
                + "." + parts[2];
        assertThatThrownBy(() -> auth.authenticate(tampered)).isInstanceOf(AuthException.class);

        String noneHeader =
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                        + parts[1] + ".";
        assertThatThrownBy(() -> auth.authenticate(noneHeader)).isInstanceOf(AuthException.class);

        assertThatThrownBy(() -> auth.authenticate("garbage")).hasMessageContaining("not a signed JWT");
        assertThatThrownBy(() -> auth.authenticate("")).hasMessageContaining("Bearer");
    }

    @Test
    void tokensOfAnotherIssuerOrAudienceAreRefused() {
        for (String[] issuerAudience : new String[][] {{"evil", "roo-remote"}, {"roo-relay", "other-app"}}) {
            String token = signed(accessClaims(clock.instant(), clock.instant().plusSeconds(600))
                    .issuer(issuerAudience[0])
                    .audience(issuerAudience[1]));
            assertThatThrownBy(() -> auth.jwt().verify(token)).isInstanceOf(AuthException.class);
        }
    }

    @Test
    void tokensFromTheFutureOrLivingLongerThanTheRelayIssuesAreRefused() {
        Instant now = clock.instant();
        assertThat(auth.authenticate(signed(accessClaims(now, now.plus(Duration.ofMinutes(15)))))
                        .name())
                .as("a token shaped like the relay's own, signed with its key")
                .isEqualTo("alice");

        assertThatThrownBy(() -> auth.authenticate(signed(accessClaims(now.plusSeconds(600), now.plusSeconds(1200)))))
                .hasMessageContaining("issued in the future");
        assertThatThrownBy(() -> auth.authenticate(
                        signed(accessClaims(now, now.plusSeconds(600)).notBeforeTime(Date.from(now.plusSeconds(300))))))
                .hasMessageContaining("not valid yet");
        assertThatThrownBy(() -> auth.authenticate(signed(accessClaims(now, now.plus(Duration.ofDays(365))))))
                .hasMessageContaining("lives longer than this relay's access tokens");
        assertThatThrownBy(() -> auth.authenticate(
                        signed(accessClaims(now, now.plusSeconds(600)).issueTime(null))))
                .hasMessageContaining("no issue time");

        AgentTokens.Created bot = auth.agentTokens().create("bot", Role.VIEWER, Set.of("demo-1"), Duration.ofDays(1));
        String outliving = signed(accessClaims(now, now.plus(Duration.ofDays(3650)))
                .subject("bot")
                .jwtID(bot.token().id())
                .claim("kind", "agent"));
        assertThatThrownBy(() -> auth.authenticate(outliving)).hasMessageContaining("outlives");
    }

    /** Claims the relay would put in alice's access token (issuer, audience, kind, id, times). */
    private static JWTClaimsSet.Builder accessClaims(Instant issued, Instant expires) {
        return new JWTClaimsSet.Builder()
                .issuer("roo-relay")
                .audience("roo-remote")
                .subject("alice")
                .jwtID("x")
                .claim("kind", "access")
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(expires));
    }

    /** Signed with the relay's own key: only the claims can be wrong. */
    private String signed(JWTClaimsSet.Builder claims) {
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            token.sign(new MACSigner(readKey()));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new AssertionError(e);
        }
        return token.serialize();
    }

    @Test
    void agentTokensAreScopedAndRevocable() {
        AgentTokens.Created created =
                auth.agentTokens().create("ci-bot", Role.OPERATOR, Set.of("demo-1"), Duration.ofDays(30));
        Caller caller = auth.authenticate(created.secret());
        assertThat(caller).isEqualTo(new Caller("ci-bot", Role.OPERATOR, Set.of("demo-1")));
        assertThat(caller.maySee("demo-2")).isFalse();

        assertThatThrownBy(() -> auth.agentTokens().create("ci-bot", Role.VIEWER, Set.of("x"), Duration.ofDays(1)))
                .hasMessageContaining("revoke it first");
        assertThatThrownBy(() -> auth.agentTokens().create("boss", Role.ADMIN, Set.of("x"), Duration.ofDays(1)))
                .hasMessageContaining("operator or viewer");

        assertThat(auth.agentTokens().revoke("ci-bot")).isTrue();
        assertThatThrownBy(() -> auth.authenticate(created.secret())).hasMessageContaining("revoked");
        assertThat(auth.agentTokens().revoke("ci-bot")).isFalse();

        AgentTokens.Created shortLived =
                auth.agentTokens().create("nightly", Role.VIEWER, Set.of("demo-1"), Duration.ofHours(1));
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> auth.authenticate(shortLived.secret())).hasMessageContaining("expired");
    }

    @Test
    void anAccessTokenCarriesTheAccountsCurrentRole() {
        String token = auth.accessToken("carol");
        auth.users().setRole("carol", Role.OPERATOR);
        assertThat(auth.authenticate(token).role()).isEqualTo(Role.OPERATOR);
        assertThat(auth.jwt().verify(token).claims()).containsEntry("role", "viewer");
    }

    private byte[] readKey() {
        try {
            return java.nio.file.Files.readAllBytes(dir.resolve(JwtService.SECRET_FILE));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
