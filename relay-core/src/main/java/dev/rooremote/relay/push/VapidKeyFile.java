package dev.rooremote.relay.push;

import com.interaso.webpush.VapidKeys;
import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The relay's VAPID key pair (RFC 8292), made once and kept in the data dir as {@code vapid.keys} (0600):
 * the public key in X.509 and the private key in PKCS#8, each base64 on a line of its own. Browsers bind
 * their push subscriptions to the public key, so it must outlive restarts.
 */
public final class VapidKeyFile {

    static final String FILE = "vapid.keys";

    private VapidKeyFile() {}

    public static VapidKeys load(DataDir dataDir) {
        String text = new String(
                dataDir.secret(FILE, () -> {
                    VapidKeys made = VapidKeys.generate();
                    return (made.getX509PublicKey() + "\n" + made.getPkcs8PrivateKey() + "\n")
                            .getBytes(StandardCharsets.US_ASCII);
                }),
                StandardCharsets.US_ASCII);
        String[] lines = text.strip().split("\\R");
        try {
            return VapidKeys.create(lines[0].strip(), lines[1].strip());
        } catch (RuntimeException e) {
            throw new StoreException(
                    dataDir.root().resolve(FILE) + " does not hold a VAPID key pair: move it away and restart the relay"
                            + " (browsers then subscribe again)",
                    e);
        }
    }

    /** The public key as browsers take it ({@code applicationServerKey}): the raw point, base64url. */
    public static String applicationServerKey(VapidKeys keys) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
    }
}
