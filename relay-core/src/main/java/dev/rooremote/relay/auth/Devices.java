package dev.rooremote.relay.auth;

import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import java.sql.Connection;
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
 * Paired devices: each is a named login (a refresh-token family) of one user. Revoking a device revokes
 * its family, so its refresh token and every access token of that login stop working, and a running
 * relay closes the connections opened with them within its credential sweep (every 2 s).
 */
public final class Devices {

    /** A paired device. {@code signedIn} is false once its login was revoked or signed out. */
    public record Device(String id, String user, String name, Instant pairedAt, boolean signedIn, String family) {}

    public static final int MAX_NAME_LENGTH = 64;

    private final Database database;
    private final Clock clock;

    public Devices(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Checks and trims a device name: 1 to 64 characters, no control characters. */
    public static String checkName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw AuthException.badRequest("'device' is required: a name for this device, such as 'Alice's phone'");
        }
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw AuthException.badRequest("the device name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw AuthException.badRequest("the device name has control characters: use letters, digits and spaces");
        }
        return trimmed;
    }

    /** Records a device that has just signed in with {@code family}. */
    public Device add(String user, String name, String family) {
        String id = HexFormat.of().formatHex(DataDir.randomBytes(6));
        OffsetDateTime now = now();
        database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO devices (id, username, name, family_id, paired_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, user);
                insert.setString(3, name);
                insert.setString(4, family);
                insert.setObject(5, now);
                return insert.executeUpdate();
            }
        });
        return new Device(id, user, name, now.toInstant(), true, family);
    }

    /** The devices not revoked, of one user or (null) of everyone, oldest first. */
    public List<Device> list(String user) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT d.id, d.username, d.name,"
                    + " d.paired_at, d.family_id, EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = d.family_id"
                    + " AND t.revoked_at IS NULL AND t.used_at IS NULL AND t.expires_at > ?) FROM devices d"
                    + " WHERE d.revoked_at IS NULL AND (? IS NULL OR d.username = ?) ORDER BY d.paired_at, d.id")) {
                select.setObject(1, now());
                select.setString(2, user);
                select.setString(3, user);
                List<Device> devices = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        devices.add(new Device(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getObject(4, OffsetDateTime.class).toInstant(),
                                rows.getBoolean(6),
                                rows.getString(5)));
                    }
                }
                return devices;
            }
        });
    }

    /**
     * Revokes device {@code id} (of {@code user}, or of anyone when null) and signs it out: its login's
     * refresh tokens are revoked. Empty when there is no such device not yet revoked.
     */
    public Optional<Device> revoke(String id, String user) {
        return database.transaction(connection -> {
            Optional<Device> device = find(connection, id, user);
            if (device.isEmpty()) {
                return device;
            }
            OffsetDateTime now = now();
            try (PreparedStatement revoke =
                    connection.prepareStatement("UPDATE devices SET revoked_at = ? WHERE id = ?")) {
                revoke.setObject(1, now);
                revoke.setString(2, id);
                revoke.executeUpdate();
            }
            try (PreparedStatement revoke = connection.prepareStatement(
                    "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL")) {
                revoke.setObject(1, now);
                revoke.setString(2, device.get().family());
                revoke.executeUpdate();
            }
            return device;
        });
    }

    private static Optional<Device> find(Connection connection, String id, String user) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT username, name, paired_at, family_id FROM devices WHERE id = ? AND revoked_at IS NULL"
                        + " AND (? IS NULL OR username = ?) FOR UPDATE")) {
            select.setString(1, id);
            select.setString(2, user);
            select.setString(3, user);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Device(
                        id,
                        rows.getString(1),
                        rows.getString(2),
                        rows.getObject(3, OffsetDateTime.class).toInstant(),
                        true,
                        rows.getString(4)));
            }
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
