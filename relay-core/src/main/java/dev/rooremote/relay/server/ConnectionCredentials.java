package dev.rooremote.relay.server;

import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.auth.AuthService;
import dev.rooremote.relay.auth.Identity;
import dev.rooremote.relay.session.Caller;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The credentials one connection acts with, for as long as it is open: an expired access token
 * stops authorizing requests until the client renews it in band ({@code authenticate}), and a
 * revoked one (an agent token revoked, the account removed or changed, the login signed out) ends
 * the connection. See PROTOCOL.md, "Credentials on an open connection".
 */
final class ConnectionCredentials {

    /** How long a connection may stay open with an expired access token before it is closed. */
    static final Duration EXPIRED_GRACE = Duration.ofMinutes(2);

    private final AuthService auth;
    private final Clock clock;
    private volatile Identity identity;

    ConnectionCredentials(Identity identity, AuthService auth, Clock clock) {
        this.identity = identity;
        this.auth = auth;
        this.clock = clock;
    }

    /** Who the connection acts for; renewing never changes it. */
    Caller caller() {
        return identity.caller();
    }

    /** True once the current token has expired. */
    /** The identity the connection acts with now. */
    Identity identity() {
        return identity;
    }

    boolean expired() {
        return !clock.instant().isBefore(identity.expiresAt());
    }

    /** Throws {@link AuthException} when the credentials no longer hold (not for mere expiry). */
    void recheck() {
        auth.recheck(identity);
    }

    /**
     * Takes a fresh token for the same identity; throws {@link AuthException} when it is not valid or
     * stands for another caller, and keeps the current credentials then.
     */
    void renew(String token) {
        Identity next = auth.identify(token);
        Identity current = identity;
        if (!current.sameCaller(next)) {
            throw AuthException.unauthorized("the token stands for another identity than this connection's ('"
                    + current.caller().name() + "' as "
                    + current.caller().role().wire()
                    + "): open a new connection to act as someone else");
        }
        identity = next;
    }

    /** Why the connection must end now: its credentials were revoked, or expired long ago. */
    Optional<String> endReason() {
        try {
            recheck();
        } catch (AuthException e) {
            return Optional.of("signed out: " + e.getMessage());
        }
        if (!clock.instant().isBefore(identity.expiresAt().plus(EXPIRED_GRACE))) {
            return Optional.of("the access token expired: reconnect with a fresh one");
        }
        return Optional.empty();
    }
}
