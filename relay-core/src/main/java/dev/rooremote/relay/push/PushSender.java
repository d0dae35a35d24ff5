package dev.rooremote.relay.push;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import com.interaso.webpush.WebPushService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Posts one encrypted message (RFC 8291, aes128gcm) to one subscription's push service, signed with the
 * relay's VAPID key (RFC 8292). Messages of one session share a {@code Topic}, so a phone that was
 * offline gets only the newest of them.
 */
public class PushSender {

    /** How long a push service keeps a message for a phone that is away. */
    static final int TTL_SECONDS = 3600;

    private final WebPushService service;

    public PushSender(String subject, VapidKeys keys) {
        this.service = new WebPushService(subject, keys);
    }

    /** Sends {@code payload}; false when the push service says the subscription is gone (404, 410). */
    public boolean send(PushSubscriptions.Subscription to, String payload, String sessionId, boolean urgent) {
        WebPush.SubscriptionState state = service.send(
                payload,
                to.endpoint(),
                to.p256dh(),
                to.auth(),
                TTL_SECONDS,
                topic(sessionId),
                urgent ? WebPush.Urgency.High : WebPush.Urgency.Normal);
        return state == WebPush.SubscriptionState.ACTIVE;
    }

    /** A topic per session: at most 32 characters of the URL-safe alphabet (RFC 8030). */
    static String topic(String sessionId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
