package dev.rooremote.relay.auth;

import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * One-time codes that sign a phone in as a user without a password: made for a signed-in person (or
 * by the operator on the relay's machine), valid five minutes, spent by their first use, stored only
 * as SHA-256 hashes.
 */
public final class PairingCodes {

    /** How long a code may wait for its use. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    /** A new code, shown once. */
    public record Code(String code, String user, Instant expiresAt) {
        @Override
        public String toString() {
            return "Code[user=" + user + ", expiresAt=" + expiresAt + ", code=(hidden)]";
        }
    }

    /** The longest code this relay makes, with room to spare; anything longer is refused unread. */
    public static final int MAX_LENGTH = 128;

    private final Database database;
    private final Clock clock;

    public PairingCodes(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A new code for {@code user} (who must exist; the caller checks). */
    public Code issue(String user) {
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(DataDir.randomBytes(20));
        OffsetDateTime now = now();
        OffsetDateTime expires = now.plus(LIFETIME);
        database.transaction(connection -> {
            try (PreparedStatement purge =
                    connection.prepareStatement("DELETE FROM pairing_codes WHERE expires_at < ?")) {
                purge.setObject(1, now.minusDays(1));
                purge.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO pairing_codes (code_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, RefreshTokens.hash(code));
                insert.setString(2, user);
                insert.setObject(3, now);
                insert.setObject(4, expires);
                insert.executeUpdate();
            }
            return null;
        });
        return new Code(code, user, expires.toInstant());
    }

    /**
     * Spends {@code code} and returns the user it was made for; throws {@link AuthException} (401) saying
     * why when it is unknown, already used or expired.
     */
    public String redeem(String code) {
        if (code == null || code.isBlank()) {
            throw AuthException.badRequest("'code' is required: the pairing code from the QR code's link");
        }
        if (code.length() > MAX_LENGTH) {
            throw AuthException.unauthorized(
                    "that is not a pairing code of this relay: make a new one with 'roo-relay pair' or Pair a phone");
        }
        String hash = RefreshTokens.hash(code.trim());
        Object outcome = database.transaction(connection -> {
            String user;
            OffsetDateTime expires;
            boolean used;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT username, expires_at, used_at FROM pairing_codes WHERE code_hash = ? FOR UPDATE")) {
                select.setString(1, hash);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return "that pairing code is not known to this relay: make a new one with"
                                + " 'roo-relay pair' or Pair a phone";
                    }
                    user = rows.getString(1);
                    expires = rows.getObject(2, OffsetDateTime.class);
                    used = rows.getObject(3) != null;
                }
            }
            if (used) {
                return "that pairing code was already used (each works once): make a new one";
            }
            if (!now().isBefore(expires)) {
                return "that pairing code has expired (they last " + LIFETIME.toMinutes() + " minutes): make a new one";
            }
            try (PreparedStatement spend =
                    connection.prepareStatement("UPDATE pairing_codes SET used_at = ? WHERE code_hash = ?")) {
                spend.setObject(1, now());
                spend.setString(2, hash);
                spend.executeUpdate();
            }
            return new StringBuilder(user);
        });
        if (outcome instanceof StringBuilder user) {
            return user.toString();
        }
        throw AuthException.unauthorized((String) outcome);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
