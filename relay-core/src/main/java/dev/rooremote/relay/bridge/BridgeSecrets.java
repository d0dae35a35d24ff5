package dev.rooremote.relay.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The per-session secrets a bridge's hello must carry. */
public final class BridgeSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BridgeSecrets() {}

    /** 32 random bytes, base64url without padding. */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The secret in {@code file}: its first line, trimmed. */
    public static String read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String secret = (end < 0 ? text : text.substring(0, end)).trim();
        if (secret.isEmpty()) {
            throw new IOException("the bridge secret file " + file + " is empty");
        }
        return secret;
    }

    /** Compares two secrets in time that does not depend on where they differ. */
    public static boolean matches(String expected, String given) {
        if (given == null) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(given.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
