package dev.rooremote.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 fingerprint of a certificate's DER encoding, written as the relay prints it:
 * colon-separated upper-case hex ({@code AB:CD:...}).
 */
public final class Fingerprint {

    /** "SHA-256 ", "SHA256:", "sha256/" as printed by the relay, openssl or browsers. */
    private static final java.util.regex.Pattern PREFIX =
            java.util.regex.Pattern.compile("^(?i)sha-?256\\s*[:/ ]?\\s*");

    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final byte[] sha256;

    private Fingerprint(byte[] sha256) {
        this.sha256 = sha256;
    }

    /**
     * Reads a fingerprint as the relay prints it. Also accepts lower case, no separators or
     * spaces, and a {@code SHA-256 }, {@code SHA256:} or {@code sha256/} prefix, because people
     * paste it from many places.
     */
    public static Fingerprint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the certificate fingerprint is empty; pass the SHA-256 fingerprint the"
                    + " relay printed, e.g. AB:CD:...:EF (roo-relay fingerprint --data-dir DIR shows it)");
        }
        String hex = PREFIX.matcher(text.trim()).replaceFirst("");
        hex = hex.replace(":", "").replace(" ", "").replace("-", "");
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + text + "' is not a SHA-256 certificate fingerprint: expected 32"
                    + " bytes in hex like AB:CD:...:EF (roo-relay fingerprint --data-dir DIR shows it)");
        }
        return new Fingerprint(HexFormat.of().parseHex(hex));
    }

    public static Fingerprint of(X509Certificate certificate) {
        try {
            return new Fingerprint(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute the certificate's SHA-256 fingerprint", e);
        }
    }

    public boolean matches(X509Certificate certificate) {
        return MessageDigest.isEqual(sha256, of(certificate).sha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && Arrays.equals(sha256, f.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }

    /** Colon-separated upper-case hex, as the relay prints it. */
    @Override
    public String toString() {
        return COLON_HEX.formatHex(sha256);
    }
}
