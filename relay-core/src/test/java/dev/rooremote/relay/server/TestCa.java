package dev.rooremote.relay.server;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for a test, as an operator's would be: a root, an intermediate, and
 * server certificates for 127.0.0.1 and localhost issued by the intermediate, with their keys written
 * as PEM the ways OpenSSL writes them.
 */
final class TestCa {

    /** A server certificate and its keys. */
    record Issued(KeyPair keys, X509Certificate leaf) {}

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    final X509Certificate root;
    final X509Certificate intermediate;
    private final KeyPair intermediateKeys;

    private TestCa(X509Certificate root, X509Certificate intermediate, KeyPair intermediateKeys) {
        this.root = root;
        this.intermediate = intermediate;
        this.intermediateKeys = intermediateKeys;
    }

    static TestCa create() throws Exception {
        KeyPair rootKeys = keys("EC");
        X500Name rootName = new X500Name("CN=Test Root CA");
        X509Certificate root = sign(ca(rootName, rootName, rootKeys), rootKeys);
        KeyPair intermediateKeys = keys("EC");
        X509Certificate intermediate =
                sign(ca(rootName, new X500Name("CN=Test Intermediate CA"), intermediateKeys), rootKeys);
        return new TestCa(root, intermediate, intermediateKeys);
    }

    /** A server certificate with a new {@code "RSA"} or {@code "EC"} key. */
    Issued issue(String algorithm) throws Exception {
        KeyPair keys = keys(algorithm);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(intermediate.getSubjectX500Principal().getName()),
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(90))),
                new X500Name("CN=relay.test"),
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(
                        algorithm.equals("RSA")
                                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                                : KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
        }));
        return new Issued(keys, sign(builder, intermediateKeys));
    }

    /** The chain file a CA hands out: the server's certificate, then the intermediate. */
    String chainPem(Issued issued) throws Exception {
        return pem(issued.leaf()) + pem(intermediate);
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----} or {@code -----BEGIN EC PRIVATE KEY-----}, as OpenSSL's traditional format. */
    static String traditionalKey(PrivateKey key) throws Exception {
        return pem(key);
    }

    /** A SEC1 EC key after its curve's parameters, as {@code openssl ecparam -genkey} writes it. */
    static String ecKeyWithParameters(PrivateKey key) throws Exception {
        return "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + pem(key);
    }

    /**
     * A SEC1 EC key as OpenSSL writes it ({@code openssl ec}): the curve and the public key inside the
     * {@code EC PRIVATE KEY} block.
     */
    static String opensslEcKey(KeyPair keys) throws Exception {
        java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                256,
                key.getS(),
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                                keys.getPublic().getEncoded())
                        .getPublicKeyData(),
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
        return pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    /** {@code -----BEGIN PRIVATE KEY-----}. */
    static String pkcs8Key(PrivateKey key) throws Exception {
        return pem(new JcaPKCS8Generator(key, null).generate());
    }

    static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static JcaX509v3CertificateBuilder ca(X500Name issuer, X500Name subject, KeyPair keys) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(365))),
                subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return builder;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }
}
