package dev.rooremote.relay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import dev.rooremote.protocol.roo.RooJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A passkey authenticator in software, for tests: a P-256 key made with the JDK, and the answers a
 * browser gives to {@code navigator.credentials.create/get} as JSON ({@code PublicKeyCredential.toJSON}),
 * with the origin, RP ID, challenge and signature counter a test chooses, so it can also lie.
 */
final class SoftAuthenticator {

    private static final byte UP = 0x01;
    private static final byte UV = 0x04;
    private static final byte AT = 0x40;

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private final ObjectConverter converter = new ObjectConverter();
    private long counter;
    private byte[] userHandle;
    /** Whether the authenticator says it verified the user (PIN, fingerprint). */
    boolean verifiesUser = true;

    SoftAuthenticator(long counter) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        this.keys = generator.generateKeyPair();
        new SecureRandom().nextBytes(credentialId);
        this.counter = counter;
    }

    String credentialId() {
        return b64(credentialId);
    }

    void counter(long value) {
        counter = value;
    }

    /** The answer to registration {@code publicKey} options, made on {@code origin}. */
    ObjectNode create(JsonNode publicKey, String origin) throws GeneralSecurityException {
        userHandle =
                Base64.getUrlDecoder().decode(publicKey.path("user").path("id").asText());
        String rpId = publicKey.path("rp").path("id").asText();
        byte[] clientData =
                clientData("webauthn.create", publicKey.path("challenge").asText(), origin);
        AttestedCredentialData attested = new AttestedCredentialData(
                new AAGUID(new byte[16]),
                credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data =
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags(AT), counter, attested);
        byte[] attestation = new AttestationObjectConverter(converter)
                .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        ObjectNode response = RooJson.object();
        response.put("clientDataJSON", b64(clientData));
        response.put("attestationObject", b64(attestation));
        response.putArray("transports").add("internal");
        return credential(response);
    }

    /** The answer to sign-in {@code publicKey} options on {@code origin}, signing {@code challenge}. */
    ObjectNode get(String rpId, String challenge, String origin) throws GeneralSecurityException {
        byte[] clientData = clientData("webauthn.get", challenge, origin);
        byte[] data = new AuthenticatorDataConverter(converter)
                .convert(new AuthenticatorData<>(
                        sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags((byte) 0), counter));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(ByteBuffer.allocate(data.length + 32)
                .put(data)
                .put(sha256(clientData))
                .array());
        ObjectNode response = RooJson.object();
        response.put("clientDataJSON", b64(clientData));
        response.put("authenticatorData", b64(data));
        response.put("signature", b64(signer.sign()));
        if (userHandle != null) {
            response.put("userHandle", b64(userHandle));
        }
        return credential(response);
    }

    /** The answer to sign-in options as the relay gave them, on {@code origin}. */
    ObjectNode get(JsonNode publicKey, String origin) throws GeneralSecurityException {
        return get(publicKey.path("rpId").asText(), publicKey.path("challenge").asText(), origin);
    }

    private byte flags(byte extra) {
        return (byte) (UP | (verifiesUser ? UV : 0) | extra);
    }

    private ObjectNode credential(ObjectNode response) {
        ObjectNode credential = RooJson.object();
        credential.put("id", credentialId());
        credential.put("rawId", credentialId());
        credential.put("type", "public-key");
        credential.put("authenticatorAttachment", "platform");
        credential.set("response", response);
        credential.putObject("clientExtensionResults");
        return credential;
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        ObjectNode data = RooJson.object();
        data.put("type", type);
        data.put("challenge", challenge);
        data.put("origin", origin);
        data.put("crossOrigin", false);
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
