package dev.rooremote.relay.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The operator's own certificate as PEM files, the way certificate authorities and ACME clients hand
 * them out: the chain (the server's certificate first, then its intermediates) and the private key,
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC
 * ({@code EC PRIVATE KEY}, optionally after {@code EC PARAMETERS}). Every problem is a
 * {@link TlsException} that names the file and says what to do.
 */
final class PemFiles {

    /** What was read: the chain, leaf first, and the key that belongs to the leaf. */
    record Read(List<X509Certificate> chain, PrivateKey key) {}

    private PemFiles() {}

    static Read read(Path chainFile, Path keyFile) {
        List<X509Certificate> chain = chain(chainFile);
        PrivateKey key = key(keyFile);
        if (!belongs(key, chain.get(0).getPublicKey())) {
            for (int i = 1; i < chain.size(); i++) {
                if (belongs(key, chain.get(i).getPublicKey())) {
                    throw new TlsException(
                            "--tls-cert " + chainFile + " lists the certificate of --tls-key " + keyFile + " in place "
                                    + (i + 1) + ": put the server's own certificate first, then its intermediates");
                }
            }
            throw new TlsException("--tls-key " + keyFile + " does not belong to the first certificate in --tls-cert "
                    + chainFile + ": pass the key the certificate was issued for (a renewal brings both anew)");
        }
        return new Read(chain, key);
    }

    /** The certificates of a chain file, in file order. */
    static List<X509Certificate> chain(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TlsException("--tls-cert " + file + " does not exist: pass the PEM file with your certificate"
                    + " followed by its intermediates (e.g. fullchain.pem)");
        }
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                } else if (isKey(object)) {
                    throw new TlsException("--tls-cert " + file + " holds a private key: keep the key in its own file"
                            + " for --tls-key, and only certificates in --tls-cert");
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof TlsException tls) {
                throw tls;
            }
            throw new TlsException(
                    "cannot read --tls-cert " + file + " as PEM certificates (" + e.getMessage()
                            + "): pass the certificate chain in PEM, each one between -----BEGIN CERTIFICATE----- lines",
                    e);
        }
        if (chain.isEmpty()) {
            throw new TlsException("--tls-cert " + file + " holds no certificate (no -----BEGIN CERTIFICATE-----"
                    + " block): pass the PEM file with your certificate followed by its intermediates");
        }
        return chain;
    }

    private static PrivateKey key(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TlsException("--tls-key " + file + " does not exist: pass the PEM file with the certificate's"
                    + " private key (e.g. privkey.pem)");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            ASN1Encodable curve = null;
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof ASN1ObjectIdentifier || object instanceof X9ECParameters) {
                    curve = (ASN1Encodable) object; // EC PARAMETERS, before the key that may lack them
                    continue;
                }
                if (object instanceof PEMKeyPair pair) {
                    // PKCS#1 RSA or SEC1 EC; the latter's public key is optional, so only the private part counts.
                    return converter.getPrivateKey(withCurve(pair.getPrivateKeyInfo(), curve));
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsException("--tls-key " + file + " is encrypted: the relay needs it unencrypted"
                            + " (openssl pkey -in " + file + " -out key.pem), readable only by the relay's user");
                }
                // EC PARAMETERS before an EC key, or a certificate beside it: not the key, read on.
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TlsException tls) {
                throw tls;
            }
            throw new TlsException(
                    "cannot read --tls-key " + file + " as a PEM private key (" + e.getMessage()
                            + "): pass the key as PEM (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
                    e);
        }
        throw new TlsException("--tls-key " + file + " holds no private key (no -----BEGIN ... PRIVATE KEY-----"
                + " block): pass the PEM file with the certificate's private key");
    }

    /** A SEC1 key whose curve is only in the EC PARAMETERS block before it gets that curve. */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info, ASN1Encodable curve) throws IOException {
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        boolean missing = algorithm.getParameters() == null || algorithm.getParameters() instanceof ASN1Null;
        if (curve == null || !missing || !X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
            return info;
        }
        return new PrivateKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), info.parsePrivateKey());
    }

    private static boolean isKey(Object object) {
        return object instanceof PEMKeyPair
                || object instanceof PrivateKeyInfo
                || object instanceof PEMEncryptedKeyPair
                || object instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    /** True when {@code key} signs what {@code publicKey} verifies: the two are one key pair. */
    private static boolean belongs(PrivateKey key, PublicKey publicKey) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC", "ECDSA" -> "SHA256withECDSA";
                    case "Ed25519", "EdDSA" -> "Ed25519";
                    case "Ed448" -> "Ed448";
                    default ->
                        throw new TlsException("the key's type " + key.getAlgorithm()
                                + " is not supported: use an RSA, EC or Ed25519 key");
                };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
