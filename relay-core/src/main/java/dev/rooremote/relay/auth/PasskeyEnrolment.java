package dev.rooremote.relay.auth;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.relay.LogText;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signed-in person's passkeys: registering a new one (options, then the browser's answer, checked by
 * {@link PasskeyCeremonies}) and removing one. The last goes only with the account's password, so a
 * browser left signed in cannot turn the second step off on its own.
 */
public final class PasskeyEnrolment {

    private static final Logger LOG = LoggerFactory.getLogger(PasskeyEnrolment.class);

    private final AuthService auth;
    private final Passkeys passkeys;
    private final PasskeyChallenges challenges;
    private final PasskeyCeremonies ceremonies;

    PasskeyEnrolment(AuthService auth, Passkeys passkeys, PasskeyChallenges challenges, PasskeyCeremonies ceremonies) {
        this.auth = auth;
        this.passkeys = passkeys;
        this.challenges = challenges;
        this.ceremonies = ceremonies;
    }

    /** Opens the registration of a new passkey for {@code user}; the step lists the passkeys to exclude. */
    public AuthService.PasskeyStep open(String user) {
        return auth.passkeyStep(user, PasskeyChallenges.Purpose.REGISTER, null);
    }

    /** Verifies and keeps the passkey {@code user} registered in answer to the step {@code handle} names. */
    public Passkeys.Passkey add(
            String user, String handle, String responseJson, PasskeyCeremonies.RelyingParty party, String name) {
        String checked = Passkeys.checkName(name);
        PasskeyChallenges.Pending pending = challenges.take(handle, PasskeyChallenges.Purpose.REGISTER);
        if (!pending.user().equals(user)) {
            throw AuthException.unauthorized("that passkey step was opened for another account: start again");
        }
        PasskeyCeremonies.Registered registered = ceremonies.register(pending, responseJson, party);
        Passkeys.Passkey passkey =
                passkeys.add(user, checked, registered.credentialId(), registered.credential(), registered.signCount());
        LOG.info("passkey {} added for {}", passkey.id(), LogText.of(user));
        return passkey;
    }

    /**
     * Removes passkey {@code id} of {@code user}; the last one needs {@code password} (checked and
     * throttled like a login from {@code address}).
     */
    public Passkeys.Passkey remove(String user, String id, String password, String address) {
        List<Passkeys.Passkey> mine = passkeys.list(user);
        if (mine.stream().noneMatch(p -> p.id().equals(id))) {
            throw unknown(id);
        }
        if (mine.size() == 1) {
            if (password == null || password.isEmpty()) {
                throw AuthException.badRequest(
                        "this is your last passkey: enter your password to remove it (then a password alone signs in)");
            }
            auth.checkPassword(user, password, address);
        }
        Passkeys.Passkey removed = passkeys.remove(id, user).orElseThrow(() -> unknown(id));
        LOG.info("passkey {} of {} removed", removed.id(), LogText.of(user));
        return removed;
    }

    private static AuthException unknown(String id) {
        return new AuthException(
                404, ErrorCode.BAD_REQUEST, "you have no passkey '" + LogText.of(id) + "': the list shows yours", 0);
    }
}
