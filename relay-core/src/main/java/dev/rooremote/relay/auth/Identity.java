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

    /** A person's sign-in (not an agent token). */
    public boolean person() {
        return token.kind() == JwtService.Kind.ACCESS;
    }

    /** The login (refresh-token family) the token came from, when it names one. */
    public java.util.Optional<String> family() {
        return token.claims().get(AuthService.FAMILY_CLAIM) instanceof String family
                ? java.util.Optional.of(family)
                : java.util.Optional.empty();
    }

    /** True when {@code other} may take this identity's place on a connection: the same kind of token for the same caller. */
    public boolean sameCaller(Identity other) {
        return token.kind() == other.token.kind() && caller.equals(other.caller);
    }
}
