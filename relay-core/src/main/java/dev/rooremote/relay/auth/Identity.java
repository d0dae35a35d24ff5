package dev.rooremote.relay.auth;

import dev.rooremote.relay.session.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * Who a verified token stands for ({@code caller}) and the token itself, which a connection keeps
 * re-checking ({@link AuthService#recheck}) for as long as it is open.
 */
public record Identity(Caller caller, JwtService.Verified token) {

    public Identity {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(token, "token");
    }

    /** When the token stops authorizing requests. */
    public Instant expiresAt() {
        return token.expiresAt();
    }

    /** True when {@code other} may take this identity's place on a connection: the same kind of token for the same caller. */
    public boolean sameCaller(Identity other) {
        return token.kind() == other.token.kind() && caller.equals(other.caller);
    }
}
