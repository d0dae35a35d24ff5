package dev.rooremote.relay.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rooremote.relay.store.DataDir;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs and verifies the relay's JWTs with HS256 and a 256-bit secret kept 0600 in the data dir.
 * Verification pins the algorithm (anything but HS256, {@code none} included, is refused) and checks
 * the issuer, the audience, the token kind, the expiry, and that it was not issued (or made valid)
 * in the future.
 */
public final class JwtService {

    public static final String SECRET_FILE = "jwt.secret";
    static final String ISSUER = "roo-relay";
    static final String AUDIENCE = "roo-remote";
    static final String KIND_CLAIM = "kind";
    /** How far the clock may have stepped back since a token was issued (NTP corrections). */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    /** What a token is for. */
    public enum Kind {
        ACCESS,
        AGENT
    }

    /** The verified claims of a token. */
    public record Verified(
            Kind kind, String subject, String id, Instant issuedAt, Instant expiresAt, Map<String, Object> claims) {}

    private final byte[] secret;
    private final Clock clock;

    public JwtService(DataDir dataDir, Clock clock) {
        this(dataDir.secret(SECRET_FILE, () -> DataDir.randomBytes(32)), clock);
    }

    public JwtService(byte[] secret, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the signing secret must have at least 256 bits");
        }
        this.secret = secret.clone();
        this.clock = clock;
    }

    /** Signs a token of {@code kind} for {@code subject}, valid for {@code lifetime}. */
    public String sign(Kind kind, String subject, String id, Duration lifetime, Map<String, Object> extraClaims) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .jwtID(id == null ? UUID.randomUUID().toString() : id)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim(KIND_CLAIM, kind.name().toLowerCase(java.util.Locale.ROOT));
        extraClaims.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** Verifies a token; throws {@link AuthException} (401) naming what was wrong. */
    public Verified verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw AuthException.unauthorized("the token is not a signed JWT: log in again");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw AuthException.unauthorized(
                    "the token's algorithm " + jwt.getHeader().getAlgorithm() + " is not accepted: log in again");
        }
        try {
            if (!jwt.verify(new MACVerifier(secret))) {
                throw AuthException.unauthorized("the token's signature is not valid: log in again");
            }
        } catch (JOSEException e) {
            throw AuthException.unauthorized("the token's signature cannot be checked: log in again");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw AuthException.unauthorized("the token's claims are malformed: log in again");
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            throw AuthException.unauthorized("the token was not issued by this relay: log in again");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AUDIENCE)) {
            throw AuthException.unauthorized("the token is not meant for this relay: log in again");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null || !clock.instant().isBefore(expires.toInstant())) {
            throw AuthException.unauthorized("the token has expired: refresh it or log in again");
        }
        Instant now = clock.instant();
        Date issued = claims.getIssueTime();
        if (issued == null) {
            throw AuthException.unauthorized("the token has no issue time: log in again");
        }
        if (issued.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw AuthException.unauthorized("the token claims to be issued in the future: log in again");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw AuthException.unauthorized("the token is not valid yet: log in again");
        }
        Object kindClaim = claims.getClaim(KIND_CLAIM);
        Kind kind;
        if ("access".equals(kindClaim)) {
            kind = Kind.ACCESS;
        } else if ("agent".equals(kindClaim)) {
            kind = Kind.AGENT;
        } else {
            throw AuthException.unauthorized("the token is neither an access token nor an agent token");
        }
        if (claims.getSubject() == null || claims.getJWTID() == null) {
            throw AuthException.unauthorized("the token has no subject or id: log in again");
        }
        return new Verified(
                kind,
                claims.getSubject(),
                claims.getJWTID(),
                issued.toInstant(),
                expires.toInstant(),
                claims.getClaims());
    }
}
