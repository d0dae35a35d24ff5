package dev.rooremote.relay.auth;

import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

/**
 * The open passkey ceremonies: a registration, or a sign-in that passed its first step (password or
 * pairing code) and waits for a passkey. Each has a random challenge the authenticator signs and a
 * random handle the client sends back; it lasts {@link #LIFETIME} and is spent by its first answer,
 * right or wrong, so a challenge is never accepted twice. Kept in the database, so any relay of a fleet
 * can finish what another began; the handle only as its SHA-256 hash.
 */
public final class PasskeyChallenges {

    /** How long a ceremony may wait for the person and their authenticator. */
    public static final Duration LIFETIME = Duration.ofMinutes(3);

    /** What a ceremony is for. */
    public enum Purpose {
        REGISTER,
        LOGIN,
        PAIR;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A ceremony just opened: the handle (shown once, to its client) and the challenge, base64url. */
    public record Opened(String handle, String challenge, String user) {
        @Override
        public String toString() {
            return "Opened[user=" + user + ", handle=(hidden)]";
        }
    }

    /** A ceremony taken for its answer. {@code device} is the device name of a pairing. */
    public record Pending(String user, Purpose purpose, byte[] challenge, String device) {}

    private static final int MAX_HANDLE = 128;

    private final Database database;
    private final Clock clock;

    public PasskeyChallenges(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Opens a ceremony of {@code user} for {@code purpose}; {@code device} names a pairing's device. */
    public Opened open(String user, Purpose purpose, String device) {
        String handle = base64url(DataDir.randomBytes(24));
        String challenge = base64url(DataDir.randomBytes(32));
        OffsetDateTime now = now();
        database.transaction(connection -> {
            try (PreparedStatement purge =
                    connection.prepareStatement("DELETE FROM passkey_challenges WHERE expires_at < ?")) {
                purge.setObject(1, now);
                purge.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO passkey_challenges (handle_hash,"
                    + " username, purpose, challenge, device, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, RefreshTokens.hash(handle));
                insert.setString(2, user);
                insert.setString(3, purpose.wire());
                insert.setString(4, challenge);
                insert.setString(5, device);
                insert.setObject(6, now);
                insert.setObject(7, now.plus(LIFETIME));
                insert.executeUpdate();
            }
            return null;
        });
        return new Opened(handle, challenge, user);
    }

    /**
     * Spends the ceremony {@code handle} names, which must be for one of {@code purposes}; throws {@link
     * AuthException} (401) saying why when it is unknown, spent, expired or for something else.
     */
    public Pending take(String handle, Purpose... purposes) {
        if (handle == null || handle.isBlank()) {
            throw AuthException.badRequest("'pending' is required: the value the first step answered with");
        }
        if (handle.length() > MAX_HANDLE) {
            throw AuthException.unauthorized(gone());
        }
        String hash = RefreshTokens.hash(handle.trim());
        Optional<Object[]> row = database.transaction(connection -> {
            Object[] found;
            try (PreparedStatement select = connection.prepareStatement("SELECT username, purpose, challenge, device,"
                    + " expires_at FROM passkey_challenges WHERE handle_hash = ? FOR UPDATE")) {
                select.setString(1, hash);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    found = new Object[] {
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getObject(5, OffsetDateTime.class)
                    };
                }
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM passkey_challenges WHERE handle_hash = ?")) {
                delete.setString(1, hash);
                delete.executeUpdate();
            }
            return Optional.of(found);
        });
        if (row.isEmpty()) {
            throw AuthException.unauthorized(gone());
        }
        Object[] found = row.get();
        if (!now().isBefore((OffsetDateTime) found[4])) {
            throw AuthException.unauthorized("the passkey step took longer than " + LIFETIME.toMinutes()
                    + " minutes and has expired: start again");
        }
        Purpose purpose = java.util.Arrays.stream(purposes)
                .filter(p -> p.wire().equals(found[1]))
                .findFirst()
                .orElseThrow(() -> AuthException.unauthorized(gone()));
        return new Pending(
                (String) found[0], purpose, Base64.getUrlDecoder().decode((String) found[2]), (String) found[3]);
    }

    private static String gone() {
        return "this passkey step is not known to the relay (each is used once and lasts " + LIFETIME.toMinutes()
                + " minutes): start again";
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
