package dev.rooremote.relay.auth;

import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Opaque refresh tokens, stored only as SHA-256 hashes. Each use spends the token and issues its
 * successor in the same family; presenting a spent token again means it leaked, so the whole family
 * is revoked and its holder must log in again.
 */
public final class RefreshTokens {

    /** How long a refresh token may wait for its use. */
    public static final Duration LIFETIME = Duration.ofDays(30);

    /** A new login's first token and the family its successors keep. */
    public record Issued(String token, String family) {}

    /** The outcome of a successful rotation. */
    public record Rotated(String username, String token, String family) {}

    private final Database database;
    private final Clock clock;

    public RefreshTokens(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A new token starting a new family (a login). */
    public Issued issue(String username) {
        String family = UUID.randomUUID().toString();
        return database.transaction(connection -> {
            try (PreparedStatement purge =
                    connection.prepareStatement("DELETE FROM refresh_tokens WHERE expires_at < ?")) {
                purge.setObject(1, now().minusDays(1));
                purge.executeUpdate();
            }
            return new Issued(insert(connection, username, family), family);
        });
    }

    /**
     * True while a login's family holds tokens and none is revoked: a revoked family (a spent token
     * used again, a password change, the account removed) signs out every access token issued for it.
     */
    public boolean familyActive(String family) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*), COUNT(revoked_at) FROM refresh_tokens WHERE family_id = ?")) {
                select.setString(1, family);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1) > 0 && rows.getLong(2) == 0;
                }
            }
        });
    }

    /**
     * The user of {@code token} when it is the login's current one (neither spent, revoked nor expired),
     * without spending it: what a browser's service worker shows to act once for that login.
     */
    public java.util.Optional<String> holder(String token) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT username, expires_at FROM refresh_tokens"
                            + " WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL")) {
                select.setString(1, hash(token));
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next() || !now().isBefore(rows.getObject(2, OffsetDateTime.class))) {
                        return java.util.Optional.<String>empty();
                    }
                    return java.util.Optional.of(rows.getString(1));
                }
            }
        });
    }

    /** Spends {@code token} and returns its successor; throws {@link AuthException} (401) otherwise. */
    public Rotated rotate(String token) {
        String hash = hash(token);
        Object outcome = database.transaction(connection -> {
            String family;
            String username;
            OffsetDateTime expires;
            boolean used;
            boolean revoked;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT family_id, username, expires_at, used_at, revoked_at FROM refresh_tokens"
                            + " WHERE token_hash = ? FOR UPDATE")) {
                select.setString(1, hash);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return "the refresh token is not known to this relay: log in again";
                    }
                    family = rows.getString(1);
                    username = rows.getString(2);
                    expires = rows.getObject(3, OffsetDateTime.class);
                    used = rows.getObject(4) != null;
                    revoked = rows.getObject(5) != null;
                }
            }
            if (revoked) {
                return "the refresh token was revoked: log in again";
            }
            if (used) {
                revokeFamily(connection, family);
                return "the refresh token was already used, so every token of that login is now revoked: log in again";
            }
            if (!now().isBefore(expires)) {
                return "the refresh token has expired: log in again";
            }
            try (PreparedStatement spend =
                    connection.prepareStatement("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?")) {
                spend.setObject(1, now());
                spend.setString(2, hash);
                spend.executeUpdate();
            }
            return new Rotated(username, insert(connection, username, family), family);
        });
        if (outcome instanceof Rotated rotated) {
            return rotated;
        }
        throw AuthException.unauthorized((String) outcome);
    }

    /**
     * Signs out the login {@code token} belongs to (spent or not): its whole family is revoked, so its
     * access tokens stop working too. Returns the login's user, or empty for a token this relay does not know.
     */
    public java.util.Optional<String> revokeFamilyOf(String token) {
        return database.transaction(connection -> {
            String family;
            String username;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT family_id, username FROM refresh_tokens WHERE token_hash = ?")) {
                select.setString(1, hash(token));
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return java.util.Optional.<String>empty();
                    }
                    family = rows.getString(1);
                    username = rows.getString(2);
                }
            }
            revokeFamily(connection, family);
            return java.util.Optional.of(username);
        });
    }

    /** Revokes every refresh token of a user (password change, removal). */
    public int revokeUser(String username) {
        return database.run(connection -> {
            try (PreparedStatement revoke = connection.prepareStatement(
                    "UPDATE refresh_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL")) {
                revoke.setObject(1, now());
                revoke.setString(2, username);
                return revoke.executeUpdate();
            }
        });
    }

    private void revokeFamily(java.sql.Connection connection, String family) throws java.sql.SQLException {
        try (PreparedStatement revoke = connection.prepareStatement(
                "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL")) {
            revoke.setObject(1, now());
            revoke.setString(2, family);
            revoke.executeUpdate();
        }
    }

    private String insert(java.sql.Connection connection, String username, String family) throws java.sql.SQLException {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(DataDir.randomBytes(32));
        OffsetDateTime now = now();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO refresh_tokens (token_hash, family_id, username, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, hash(token));
            insert.setString(2, family);
            insert.setString(3, username);
            insert.setObject(4, now);
            insert.setObject(5, now.plus(LIFETIME));
            insert.executeUpdate();
        }
        return token;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
