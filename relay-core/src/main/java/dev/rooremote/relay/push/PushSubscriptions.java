package dev.rooremote.relay.push;

import dev.rooremote.relay.store.Database;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The browsers' push subscriptions, each bound to the login (refresh-token family) that made it. A
 * subscription names where the relay posts (the push service's endpoint) and the browser's keys.
 */
public final class PushSubscriptions {

    /** One browser's subscription. */
    public record Subscription(String endpoint, String user, String family, String p256dh, String auth) {}

    private static final int MAX_ENDPOINT = 2048;

    private final Database database;
    private final Clock clock;
    private final boolean plainLoopback;

    /**
     * @param plainLoopback accept {@code http://} endpoints on a loopback address too (a push service
     *     stand-in in tests); otherwise only {@code https://} endpoints on other hosts
     */
    public PushSubscriptions(Database database, Clock clock, boolean plainLoopback) {
        this.database = database;
        this.clock = clock;
        this.plainLoopback = plainLoopback;
    }

    /** Adds or replaces the subscription at {@code endpoint}; throws IllegalArgumentException saying what is wrong. */
    public void add(String endpoint, String user, String family, String p256dh, String auth) {
        checkEndpoint(endpoint);
        checkKey(p256dh, "p256dh", 65);
        checkKey(auth, "auth", 16);
        database.transaction(connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM push_subscriptions WHERE relay = ? AND endpoint = ?")) {
                delete.setString(1, database.relayKey());
                delete.setString(2, endpoint);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO push_subscriptions"
                            + " (relay, endpoint, username, family_id, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, database.relayKey());
                insert.setString(2, endpoint);
                insert.setString(3, user);
                insert.setString(4, family);
                insert.setString(5, p256dh);
                insert.setString(6, auth);
                insert.setObject(7, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Removes the subscription at {@code endpoint} (of {@code user}, or of anyone when null); true when there was one. */
    public boolean remove(String endpoint, String user) {
        return database.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM push_subscriptions WHERE relay = ? AND endpoint = ? AND (? IS NULL OR username = ?)")) {
                delete.setString(1, database.relayKey());
                delete.setString(2, endpoint);
                delete.setString(3, user);
                delete.setString(4, user);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Every subscription whose login is still signed in (no revoked token in its family). */
    public List<Subscription> active() {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT s.endpoint, s.username, s.family_id, s.p256dh, s.auth FROM push_subscriptions s"
                            + " WHERE EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.family_id)"
                            + " AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.family_id"
                            + " AND t.revoked_at IS NOT NULL) AND s.relay = ? ORDER BY s.created_at")) {
                select.setString(1, database.relayKey());
                List<Subscription> all = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(new Subscription(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5)));
                    }
                }
                return all;
            }
        });
    }

    private void checkEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank() || endpoint.length() > MAX_ENDPOINT) {
            throw new IllegalArgumentException(
                    "'endpoint' is required: the push service's URL from the browser's subscription (at most "
                            + MAX_ENDPOINT + " characters)");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'endpoint' is not a URL: send the subscription's endpoint as it is");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'endpoint' needs a host: send the subscription's endpoint as it is");
        }
        boolean local = local(uri.getHost());
        if ("https".equals(uri.getScheme()) && !local) {
            return;
        }
        if (plainLoopback && local && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            return;
        }
        throw new IllegalArgumentException(
                "'endpoint' must be an https:// URL of a push service, not of this network's own machines");
    }

    private static boolean local(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(bare);
            return address.isLoopbackAddress()
                    || address.isSiteLocalAddress()
                    || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void checkKey(String value, String field, int bytes) {
        byte[] decoded;
        try {
            decoded = value == null ? null : Base64.getUrlDecoder().decode(value.replace("=", ""));
        } catch (IllegalArgumentException e) {
            decoded = null;
        }
        if (decoded == null || decoded.length != bytes) {
            throw new IllegalArgumentException("'" + field + "' must be the subscription's " + bytes
                    + "-byte key in base64url, as the browser's PushSubscription.toJSON() gives it");
        }
    }
}
