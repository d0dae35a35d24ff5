package dev.rooremote.relay.auth;

import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The passkeys (WebAuthn credentials) users registered as their second sign-in factor: once a user has
 * one, the web console's password sign-in and pairing need a passkey too. Kept with the credential's
 * public key and signature counter, never a secret.
 */
public final class Passkeys {

    /** A registered passkey; {@code credential} is its attested credential data, base64url. */
    public record Passkey(
            String id,
            String user,
            String name,
            String credentialId,
            String credential,
            long signCount,
            Instant createdAt,
            Instant lastUsedAt) {}

    public static final int MAX_NAME_LENGTH = 64;

    private static final String COLUMNS =
            "id, username, name, credential_id, credential, sign_count, created_at, last_used_at";

    private final Database database;
    private final Clock clock;

    public Passkeys(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Checks and trims a passkey's name: blank gives a default, at most 64 characters, no control characters. */
    public static String checkName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            return "passkey";
        }
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw AuthException.badRequest("the passkey's name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw AuthException.badRequest("the passkey's name has control characters: use letters, digits and spaces");
        }
        return trimmed;
    }

    /** Records a passkey just registered; refused (400) when that credential is registered already. */
    public Passkey add(String user, String name, String credentialId, String credential, long signCount) {
        String id = HexFormat.of().formatHex(DataDir.randomBytes(6));
        OffsetDateTime now = now();
        boolean added = database.transaction(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT 1 FROM passkeys WHERE credential_id = ?")) {
                select.setString(1, credentialId);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO passkeys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL)")) {
                insert.setString(1, id);
                insert.setString(2, user);
                insert.setString(3, name);
                insert.setString(4, credentialId);
                insert.setString(5, credential);
                insert.setLong(6, signCount);
                insert.setObject(7, now);
                insert.executeUpdate();
            }
            return true;
        });
        if (!added) {
            throw AuthException.badRequest("this passkey is registered already: each passkey is added once");
        }
        return new Passkey(id, user, name, credentialId, credential, signCount, now.toInstant(), null);
    }

    /** The passkeys of one user, or (null) of everyone, oldest first. */
    public List<Passkey> list(String user) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM passkeys WHERE (? IS NULL OR username = ?) ORDER BY created_at, id")) {
                select.setString(1, user);
                select.setString(2, user);
                List<Passkey> passkeys = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        passkeys.add(read(rows));
                    }
                }
                return passkeys;
            }
        });
    }

    /** How many passkeys {@code user} has; with any, a password alone no longer signs in on the web. */
    public int count(String user) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT COUNT(*) FROM passkeys WHERE username = ?")) {
                select.setString(1, user);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    /** The passkey with credential ID {@code credentialId} (base64url) of {@code user}, if any. */
    public Optional<Passkey> find(String user, String credentialId) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM passkeys WHERE credential_id = ? AND username = ?")) {
                select.setString(1, credentialId);
                select.setString(2, user);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Notes a sign-in with passkey {@code id}: its new signature counter and when it was used. */
    public void used(String id, long signCount) {
        database.run(connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE passkeys SET sign_count = ?, last_used_at = ? WHERE id = ?")) {
                update.setLong(1, signCount);
                update.setObject(2, now());
                update.setString(3, id);
                return update.executeUpdate();
            }
        });
    }

    /** Removes passkey {@code id} of {@code user} (of anyone when null); empty when there is none. */
    public Optional<Passkey> remove(String id, String user) {
        return database.transaction(connection -> {
            Optional<Passkey> passkey;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM passkeys WHERE id = ? AND (? IS NULL OR username = ?) FOR UPDATE")) {
                select.setString(1, id);
                select.setString(2, user);
                select.setString(3, user);
                try (ResultSet rows = select.executeQuery()) {
                    passkey = rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
            if (passkey.isPresent()) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM passkeys WHERE id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
            return passkey;
        });
    }

    private static Passkey read(ResultSet rows) throws SQLException {
        OffsetDateTime used = rows.getObject(8, OffsetDateTime.class);
        return new Passkey(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getLong(6),
                rows.getObject(7, OffsetDateTime.class).toInstant(),
                used == null ? null : used.toInstant());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
