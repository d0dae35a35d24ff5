package dev.rooremote.relay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret settings (provider API keys and the like) before they reach the database, with
 * AES-256-GCM and a key kept in its own 0600 file ({@value #KEY_FILE}) beside the database: a copy of
 * the database alone yields no secret. A sealed value names its key ({@code enc:v1:KEYID:...}); a key
 * rotated by {@code roo-relay secrets rotate-key} while the relay runs is picked up from the file, and
 * the key before it is kept ({@value #PREVIOUS_KEY_FILE}) so that nothing sealed meanwhile is lost.
 */
public final class SecretBox {

    public static final String KEY_FILE = "settings.key";
    public static final String PREVIOUS_KEY_FILE = "settings.key.previous";
    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final DataDir dataDir;
    private volatile Key key;

    private record Key(byte[] bytes, String id) {}

    public SecretBox(DataDir dataDir) {
        this.dataDir = dataDir;
        this.key = load(dataDir.secret(KEY_FILE, () -> DataDir.randomBytes(32)));
    }

    /** Whether {@code value} is a sealed secret. */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** {@code plain} encrypted with the current key (read from its file: it may have been rotated). */
    public String seal(String plain) {
        Key current = reload();
        byte[] iv = DataDir.randomBytes(IV_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE, new SecretKeySpec(current.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(current.id().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out =
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed);
            return PREFIX + current.id() + ":" + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot encrypt a secret setting: " + e.getMessage(), e);
        }
    }

    /** The plain text of a sealed value; throws {@link StoreException} saying what to do when the key is not there. */
    public String open(String sealed) {
        int colon = sealed.indexOf(':', PREFIX.length());
        if (!isSealed(sealed) || colon < 0) {
            throw new StoreException("a stored secret setting is damaged: set it again");
        }
        String id = sealed.substring(PREFIX.length(), colon);
        Key current = key;
        if (!current.id().equals(id)) {
            current = reload();
        }
        if (!current.id().equals(id)) {
            current = previous().filter(k -> k.id().equals(id)).orElse(current);
        }
        if (!current.id().equals(id)) {
            throw new StoreException(
                    "a stored secret setting was encrypted with another key than " + dataDir.resolve(KEY_FILE)
                            + ": restore the " + KEY_FILE + " that came with this database, or set the secret again");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new StoreException("a stored secret setting is damaged: set it again", e);
        }
        if (bytes.length <= IV_BYTES) {
            throw new StoreException("a stored secret setting is damaged: set it again");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(current.bytes(), "AES"),
                    new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new StoreException("a stored secret setting does not decrypt (damaged, or altered): set it again", e);
        }
    }

    /**
     * Replaces the key file with a new random key, kept the old one as the previous key, and uses the
     * new one from now on; returns the new key's id.
     */
    public String rotate() {
        byte[] fresh = DataDir.randomBytes(32);
        try {
            DataDir.writePrivate(dataDir.resolve(PREVIOUS_KEY_FILE), reload().bytes(), true);
            DataDir.writePrivate(dataDir.resolve(KEY_FILE), fresh, true);
        } catch (IOException e) {
            throw new StoreException("cannot write a new " + KEY_FILE + ": " + e.getMessage(), e);
        }
        key = load(fresh);
        return key.id();
    }

    /** Whether {@code value} was sealed with the key in use. */
    public boolean sealedWithCurrentKey(String value) {
        return value.startsWith(PREFIX + key.id() + ":");
    }

    /** The id of the key in use. */
    public String keyId() {
        return key.id();
    }

    private Key reload() {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            key = load(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return key;
    }

    private java.util.Optional<Key> previous() {
        Path file = dataDir.resolve(PREVIOUS_KEY_FILE);
        try {
            return Files.exists(file)
                    ? java.util.Optional.of(load(Files.readAllBytes(file)))
                    : java.util.Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Key load(byte[] bytes) {
        if (bytes.length != 32) {
            throw new StoreException(KEY_FILE + " must hold 32 bytes (an AES-256 key); it holds " + bytes.length);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Key(bytes.clone(), HexFormat.of().formatHex(digest, 0, 6));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
