package dev.rooremote.relay.push;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A push service on a loopback port, as a browser's would be: each subscription has its own key pair
 * and auth secret; every message must carry a VAPID token (ES256, RFC 8292) signed by the key it names,
 * for this service's origin, not expired, and is decrypted (RFC 8291, aes128gcm) with the subscription's
 * keys. Endpoints marked gone answer 410.
 */
final class PushServiceStandIn implements AutoCloseable {

    /** A message as the browser would get it, with the headers the relay sent. */
    record Received(
            String subscription,
            String payload,
            String topic,
            String urgency,
            String ttl,
            String vapidKey,
            String contact) {}

    /** What a VAPID {@code Authorization} header says: the relay's public key and its contact ({@code sub}). */
    private record Vapid(String key, String contact) {}

    /** A subscription as a browser hands it to the page. */
    record Browser(String id, String endpoint, String p256dh, String auth, KeyPair keys, byte[] secret) {}

    private final HttpServer server;
    private final Map<String, Browser> browsers = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    PushServiceStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push/", this::handle);
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Browser subscribe(String id) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] secret = new byte[16];
        new java.security.SecureRandom().nextBytes(secret);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Browser browser = new Browser(
                id,
                origin() + "/push/" + id,
                b64.encodeToString(raw((ECPublicKey) keys.getPublic())),
                b64.encodeToString(secret),
                keys,
                secret);
        browsers.put(id, browser);
        return browser;
    }

    void gone(String id) {
        gone.add(id);
    }

    List<Received> to(String id) {
        return received.stream().filter(r -> r.subscription().equals(id)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/push/".length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        try {
            Browser browser = browsers.get(id);
            if (browser == null || gone.contains(id)) {
                status = 410;
            } else {
                Vapid vapid = checkVapid(exchange.getRequestHeaders().getFirst("Authorization"));
                if (!"aes128gcm".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    throw new IllegalStateException("Content-Encoding is not aes128gcm");
                }
                String payload = new String(decrypt(browser, body), StandardCharsets.UTF_8);
                received.add(new Received(
                        id,
                        payload,
                        exchange.getRequestHeaders().getFirst("Topic"),
                        exchange.getRequestHeaders().getFirst("Urgency"),
                        exchange.getRequestHeaders().getFirst("TTL"),
                        vapid.key(),
                        vapid.contact()));
                status = 201;
            }
        } catch (Exception e) {
            refused.add(id + ": " + e);
            status = 400;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Checks {@code vapid t=JWT, k=KEY}. */
    private Vapid checkVapid(String authorization) throws Exception {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            throw new IllegalStateException("no 'Authorization: vapid ...' header");
        }
        String token = null;
        String key = null;
        for (String part : authorization.substring(6).split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                token = p.substring(2);
            } else if (p.startsWith("k=")) {
                key = p.substring(2);
            }
        }
        byte[] point = Base64.getUrlDecoder().decode(key);
        ECKey jwk = new ECKey.Builder(
                        Curve.P_256,
                        Base64URL.encode(Arrays.copyOfRange(point, 1, 33)),
                        Base64URL.encode(Arrays.copyOfRange(point, 33, 65)))
                .build();
        SignedJWT jwt = SignedJWT.parse(token);
        if (!jwt.verify(new ECDSAVerifier(jwk))) {
            throw new IllegalStateException("the VAPID token's signature does not match its key");
        }
        if (!jwt.getJWTClaimsSet().getAudience().equals(List.of(origin()))) {
            throw new IllegalStateException(
                    "the VAPID token is for " + jwt.getJWTClaimsSet().getAudience());
        }
        if (jwt.getJWTClaimsSet().getExpirationTime().getTime() < System.currentTimeMillis()) {
            throw new IllegalStateException("the VAPID token has expired");
        }
        if (jwt.getJWTClaimsSet().getSubject() == null) {
            throw new IllegalStateException("the VAPID token names no contact (sub)");
        }
        return new Vapid(key, jwt.getJWTClaimsSet().getSubject());
    }

    /** RFC 8291 as a browser does it. */
    private static byte[] decrypt(Browser browser, byte[] body) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        in.getInt(); // record size
        byte[] senderKey = new byte[in.get() & 0xFF];
        in.get(senderKey);
        byte[] cipherText = new byte[in.remaining()];
        in.get(cipherText);

        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(browser.keys().getPrivate());
        agreement.doPhase(publicKey(senderKey, (ECPublicKey) browser.keys().getPublic()), true);
        byte[] shared = agreement.generateSecret();
        byte[] ua = raw((ECPublicKey) browser.keys().getPublic());

        byte[] prkKey = hmac(browser.secret(), shared);
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), ua, senderKey, new byte[] {1});
        byte[] ikm = hmac(prkKey, keyInfo);
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(
                hmac(prk, concat("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1})),
                16);
        byte[] nonce = Arrays.copyOf(
                hmac(prk, concat("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1})), 12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(cipherText);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new IllegalStateException("the last record lacks its delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy(key.getW().getAffineX(), out, 1);
        copy(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy(BigInteger value, byte[] out, int at) {
        byte[] bytes = value.toByteArray();
        int len = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - len, out, at + 32 - len, len);
    }

    private static ECPublicKey publicKey(byte[] raw, ECPublicKey like) throws Exception {
        ECPoint point = new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)), new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, like.getParams()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
