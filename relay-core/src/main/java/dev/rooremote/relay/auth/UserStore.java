package dev.rooremote.relay.auth;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The relay's user accounts with their roles and Argon2id password hashes. */
public final class UserStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 1024;

    private final Database database;
    private final PasswordHasher hasher;
    private final Clock clock;
    /** Verified when the user does not exist, so a wrong name costs as long as a wrong password. */
    private volatile String decoyHash;

    public UserStore(Database database, PasswordHasher hasher, Clock clock) {
        this.database = database;
        this.hasher = hasher;
        this.clock = clock;
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "user name '" + name
                            + "' is not valid: use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
    }

    public static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "the password is too short: use at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the password is longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    /** Adds a user; false when the name is taken. */
    public boolean add(String name, Role role, String password) {
        checkName(name);
        checkPassword(password);
        String hash = hasher.hash(password);
        OffsetDateTime now = now();
        return database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, role.wire());
                insert.setString(3, hash);
                insert.setObject(4, now);
                insert.setObject(5, now);
                return insert.executeUpdate() == 1;
            } catch (SQLException e) {
                if (e.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Changes a user's password; false when there is no such user. */
    public boolean setPassword(String name, String password) {
        checkPassword(password);
        String hash = hasher.hash(password);
        return update("UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ?", hash, name);
    }

    public boolean setRole(String name, Role role) {
        return update("UPDATE users SET role = ?, updated_at = ? WHERE name = ?", role.wire(), name);
    }

    /** Removes an account with its passkeys (a new account of the same name starts without them). */
    public boolean remove(String name) {
        return database.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM passkeys WHERE username = ?")) {
                delete.setString(1, name);
                delete.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM users WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() == 1;
            }
        });
    }

    public Optional<User> find(String name) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, role, created_at, updated_at FROM users WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(user(rows)) : Optional.empty();
                }
            }
        });
    }

    public List<User> list() {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                            "SELECT name, role, created_at, updated_at FROM users ORDER BY name");
                    ResultSet rows = select.executeQuery()) {
                List<User> users = new ArrayList<>();
                while (rows.next()) {
                    users.add(user(rows));
                }
                return users;
            }
        });
    }

    public int count() {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM users");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** The user when the password matches; takes the same time whether or not the user exists. */
    public Optional<User> authenticate(String name, String password) {
        if (name == null || password == null || password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.empty();
        }
        String[] found = database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT password_hash, role FROM users WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? new String[] {rows.getString(1), rows.getString(2)} : null;
                }
            }
        });
        boolean matches = hasher.verify(password, found == null ? decoy() : found[0]);
        if (found == null || !matches) {
            return Optional.empty();
        }
        return find(name);
    }

    private String decoy() {
        String hash = decoyHash;
        if (hash == null) {
            hash = hasher.hash("decoy password that matches nothing");
            decoyHash = hash;
        }
        return hash;
    }

    private boolean update(String sql, String value, String name) {
        return database.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, value);
                update.setObject(2, now());
                update.setString(3, name);
                return update.executeUpdate() == 1;
            }
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static User user(ResultSet rows) throws SQLException {
        return new User(
                rows.getString(1),
                Role.fromWire(rows.getString(2)),
                rows.getObject(3, OffsetDateTime.class).toInstant(),
                rows.getObject(4, OffsetDateTime.class).toInstant());
    }
}
