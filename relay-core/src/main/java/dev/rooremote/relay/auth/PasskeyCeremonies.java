package dev.rooremote.relay.auth;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two WebAuthn ceremonies, checked by webauthn4j: registering a passkey and signing in with one.
 * The relying party is the relay's own origin as the browser reached it (its host is the RP ID), the
 * challenge the one the relay issued for this ceremony, user verification (PIN, fingerprint, face) is
 * required, and the signature counter must never go back.
 */
public final class PasskeyCeremonies {

    /** The relay as the browser sees it: its origin ({@code https://host[:port]}) and RP ID (the host). */
    public record RelyingParty(String origin, String rpId) {}

    /** The algorithms a passkey may sign with: ES256 and RS256, which every platform authenticator offers. */
    public static final List<Long> ALGORITHMS = List.of(-7L, -257L);

    /** A registration verified: the credential to keep, base64url, and its first counter. */
    public record Registered(String credentialId, String credential, long signCount) {}

    /** A sign-in verified: the passkey used and its new counter. */
    public record Asserted(Passkeys.Passkey passkey, long signCount) {}

    private static final Logger LOG = LoggerFactory.getLogger(PasskeyCeremonies.class);

    /**
     * webauthn4j's parser and verifier. Made when first needed, not with the relay: they bring some
     * 900 classes (webauthn4j and its Jackson) that most starts never use.
     */
    private record Engine(WebAuthnManager manager, AttestedCredentialDataConverter credentials) {
        static Engine create() {
            ObjectConverter converter = new ObjectConverter();
            return new Engine(
                    WebAuthnManager.createNonStrictWebAuthnManager(converter),
                    new AttestedCredentialDataConverter(converter));
        }
    }

    private volatile Engine engine;

    /**
     * Makes the parser and verifier in the background if they are not made yet: called when a ceremony
     * opens, so that the person's answer, seconds later, does not wait for them.
     */
    public void prepare() {
        if (engine == null) {
            CompletableFuture.runAsync(this::engine);
        }
    }

    private Engine engine() {
        Engine made = engine;
        if (made == null) {
            synchronized (this) {
                made = engine;
                if (made == null) {
                    made = Engine.create();
                    engine = made;
                }
            }
        }
        return made;
    }

    /** The opaque WebAuthn user handle of {@code user}: stable, and not the name itself. */
    public static byte[] userHandle(String user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("roo-relay passkey user:" + user).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies the browser's answer ({@code PublicKeyCredential} JSON) to registration {@code pending}. */
    public Registered register(PasskeyChallenges.Pending pending, String responseJson, RelyingParty party) {
        WebAuthnManager manager = engine().manager();
        RegistrationData data;
        try {
            data = manager.parseRegistrationResponseJSON(responseJson);
        } catch (RuntimeException e) {
            throw malformed("credential", e);
        }
        try {
            manager.verify(data, new RegistrationParameters(server(pending, party), parameters(), true, true));
        } catch (VerificationException e) {
            throw refused(e, party);
        } catch (RuntimeException e) {
            throw malformed("credential", e);
        }
        var authenticatorData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authenticatorData.getAttestedCredentialData();
        if (attested == null) {
            throw AuthException.badRequest("the passkey answer has no credential: try again");
        }
        return new Registered(
                base64url(attested.getCredentialId()),
                base64url(engine().credentials().convert(attested)),
                authenticatorData.getSignCount());
    }

    /**
     * Verifies the browser's answer ({@code PublicKeyCredential} JSON) to sign-in {@code pending}: the
     * credential must be one of the pending user's passkeys.
     */
    public Asserted authenticate(
            PasskeyChallenges.Pending pending, String responseJson, RelyingParty party, Passkeys passkeys) {
        Engine engine = engine();
        WebAuthnManager manager = engine.manager();
        AuthenticationData data;
        try {
            data = manager.parseAuthenticationResponseJSON(responseJson);
        } catch (RuntimeException e) {
            throw malformed("assertion", e);
        }
        if (data.getCredentialId() == null) {
            throw AuthException.badRequest("the passkey answer names no credential");
        }
        Passkeys.Passkey passkey = passkeys.find(pending.user(), base64url(data.getCredentialId()))
                .orElseThrow(() -> AuthException.unauthorized(
                        "that passkey is not one of this account's: use a passkey you added for it"));
        byte[] handle = data.getUserHandle();
        if (handle != null && handle.length > 0 && !Arrays.equals(handle, userHandle(pending.user()))) {
            throw AuthException.unauthorized("that passkey belongs to another account: use one added for this one");
        }
        AttestedCredentialData attested =
                engine.credentials().convert(Base64.getUrlDecoder().decode(passkey.credential()));
        CredentialRecordImpl record = new CredentialRecordImpl(
                new NoneAttestationStatement(),
                true,
                null,
                null,
                passkey.signCount(),
                attested,
                null,
                null,
                null,
                null);
        try {
            manager.verify(
                    data,
                    new AuthenticationParameters(
                            server(pending, party), record, List.of(data.getCredentialId()), true, true));
        } catch (VerificationException e) {
            throw refused(e, party);
        } catch (RuntimeException e) {
            throw malformed("assertion", e);
        }
        return new Asserted(passkey, data.getAuthenticatorData().getSignCount());
    }

    /** An answer that does not parse (or holds nonsense): the parser's words, one line, for the person. */
    private static AuthException malformed(String what, RuntimeException e) {
        LOG.debug("malformed passkey {}", what, e);
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        detail = detail.lines().findFirst().orElse(detail);
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "...";
        }
        return AuthException.badRequest("the passkey answer is not a WebAuthn " + what + ": " + detail);
    }

    private static ServerProperty server(PasskeyChallenges.Pending pending, RelyingParty party) {
        return ServerProperty.builder()
                .origin(Origin.create(party.origin()))
                .rpId(party.rpId())
                .challenge(new DefaultChallenge(pending.challenge()))
                .build();
    }

    private static List<PublicKeyCredentialParameters> parameters() {
        return ALGORITHMS.stream()
                .map(alg -> new PublicKeyCredentialParameters(
                        PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.create(alg)))
                .toList();
    }

    private static AuthException refused(VerificationException e, RelyingParty party) {
        String why;
        if (e instanceof BadOriginException) {
            why = "the passkey answer was made for another site, not " + party.origin()
                    + ": sign in on the relay's own page";
        } else if (e instanceof BadRpIdException) {
            why = "the passkey is for another site than " + party.rpId() + ": use one added on this relay";
        } else if (e instanceof BadChallengeException) {
            why = "the passkey signed another challenge than this step's: start again";
        } else if (e instanceof MaliciousCounterValueException) {
            why = "the passkey's signature counter went back, as a copied authenticator's would: it is refused;"
                    + " remove it and add it again, or ask an admin";
        } else if (e instanceof BadSignatureException) {
            why = "the passkey's signature does not match the passkey on record";
        } else if (e instanceof UserNotVerifiedException) {
            why = "the authenticator did not verify you (PIN, fingerprint or face), which this relay needs";
        } else if (e instanceof UserNotPresentException) {
            why = "the authenticator did not confirm you were present: touch it or confirm on the device";
        } else {
            why = "the passkey answer was refused: " + e.getMessage();
        }
        return AuthException.unauthorized(why);
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
