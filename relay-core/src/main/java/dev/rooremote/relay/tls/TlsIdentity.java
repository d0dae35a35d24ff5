package dev.rooremote.relay.tls;

import dev.rooremote.relay.store.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The relay's TLS key and certificate in a PKCS#12 keystore: either the user's own (a keystore, or PEM
 * files read into one in memory), or one the relay
 * creates on first start in its data dir (a self-signed EC P-256 certificate for localhost, the
 * loopback addresses and this host's name, valid two years) with a random keystore password. Clients
 * pin the certificate by its {@link #fingerprint()}.
 */
public final class TlsIdentity {

    public static final String KEYSTORE_FILE = "tls.p12";
    public static final String PASSWORD_FILE = "tls.password";
    static final String ALIAS = "roo-relay";
    static final Duration VALIDITY = Duration.ofDays(730);

    /** The PEM files an identity was read from, to read again when they change. */
    public record PemSource(Path chain, Path key) {}

    private final KeyStore keyStore;
    private final char[] password;
    private final X509Certificate certificate;
    private final Path source;
    private final PemSource pem;

    private TlsIdentity(KeyStore keyStore, char[] password, X509Certificate certificate, Path source, PemSource pem) {
        this.keyStore = keyStore;
        this.password = password;
        this.certificate = certificate;
        this.source = source;
        this.pem = pem;
    }

    /** The data dir's self-signed identity, created on the first call. */
    public static TlsIdentity selfSigned(DataDir dataDir) {
        Path keystore = dataDir.resolve(KEYSTORE_FILE);
        byte[] password = dataDir.secret(
                PASSWORD_FILE, () -> Base64.getUrlEncoder().withoutPadding().encode(DataDir.randomBytes(24)));
        char[] chars = new String(password, StandardCharsets.US_ASCII).trim().toCharArray();
        if (!Files.exists(keystore)) {
            try {
                DataDir.writePrivate(keystore, createSelfSigned(chars), false);
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new TlsException(
                        "cannot create the relay's certificate in " + keystore + ": " + e.getMessage(), e);
            }
        }
        return load(
                keystore,
                chars,
                "delete " + keystore + " and " + dataDir.resolve(PASSWORD_FILE)
                        + " to create a new certificate (clients will have to trust it again)");
    }

    /** The user's own PKCS#12 keystore, its password in the first line of {@code passwordFile}. */
    public static TlsIdentity fromKeystore(Path keystore, Path passwordFile) {
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("");
        } catch (NoSuchFileException e) {
            throw new TlsException("--tls-password-file " + passwordFile
                    + " does not exist: pass the file that holds the keystore's password");
        } catch (IOException e) {
            throw new TlsException("cannot read --tls-password-file " + passwordFile + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(keystore)) {
            throw new TlsException("--tls-keystore " + keystore
                    + " does not exist: pass a PKCS#12 (.p12) file with the key and certificate");
        }
        return load(keystore, password.toCharArray(), "check --tls-keystore (a PKCS#12 file) and --tls-password-file");
    }

    /**
     * The user's own certificate from PEM files: {@code chain} holds the server's certificate followed by
     * its intermediates, {@code key} its private key (PKCS#8, PKCS#1 RSA or SEC1 EC).
     */
    public static TlsIdentity fromPem(Path chain, Path key) {
        PemFiles.Read read = PemFiles.read(chain, key);
        char[] password = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(DataDir.randomBytes(24))
                .toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, read.key(), password, read.chain().toArray(Certificate[]::new));
            return new TlsIdentity(store, password, read.chain().get(0), chain, new PemSource(chain, key));
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException(
                    "cannot use the certificate in --tls-cert " + chain + " with the key in --tls-key " + key + " ("
                            + e.getMessage() + "): check both files",
                    e);
        }
    }

    /** The server's own certificate, the first in a PEM chain file; throws {@link TlsException} saying why not. */
    public static X509Certificate leafFromPem(Path chain) {
        return PemFiles.chain(chain).get(0);
    }

    /** The PEM files this identity was read from, or null for a keystore. */
    public PemSource pem() {
        return pem;
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public char[] password() {
        return password.clone();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Where the keystore was read from. */
    public Path source() {
        return source;
    }

    /** SHA-256 of the DER certificate as colon-separated upper-case hex: what clients pin. */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    public static String fingerprint(Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new TlsException("cannot compute the certificate's fingerprint: " + e.getMessage(), e);
        }
    }

    /** The certificate expires within {@code margin}. */
    public boolean expiresWithin(Duration margin) {
        return certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(margin));
    }

    private static TlsIdentity load(Path keystore, char[] password, String fix) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String alias = keyAlias(store);
            if (alias == null) {
                throw new TlsException("keystore " + keystore + " holds no private key: " + fix);
            }
            Certificate certificate = store.getCertificate(alias);
            if (!(certificate instanceof X509Certificate x509)) {
                throw new TlsException("keystore " + keystore + " holds no X.509 certificate for its key: " + fix);
            }
            return new TlsIdentity(store, password, x509, keystore, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot open keystore " + keystore + " (" + e.getMessage() + "): " + fix, e);
        }
    }

    private static String keyAlias(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return alias;
            }
        }
        return null;
    }

    static byte[] createSelfSigned(char[] password)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();

        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=roo-relay");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                new BigInteger(64, new java.security.SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectNames()));

        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        PrivateKey key = keys.getPrivate();
        store.setKeyEntry(ALIAS, key, password, new Certificate[] {certificate});
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    private static GeneralName[] subjectNames() {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host != null && !host.isBlank() && !host.matches("[0-9.:]+")) {
                dns.add(host.toLowerCase(Locale.ROOT));
            }
        } catch (IOException ignored) {
            // no resolvable host name: localhost and the loopback addresses still work
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        return names.toArray(GeneralName[]::new);
    }
}
