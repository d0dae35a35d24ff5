package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.cli.RelayMain;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret settings are encrypted in the database with a key kept in its own 0600 file: the database
 * (whose files are 0600 too) yields no secret without it, and the key can be rotated.
 */
class SecretsAtRestTest {

    private static final String KEY = "sk-live-0123456789";

    @TempDir
    Path dataDir;

    @TempDir
    Path elsewhere;

    private static ObjectNode profile() {
        ObjectNode profile = RooJson.object();
        profile.put("mode", "code");
        profile.put("openAiApiKey", KEY);
        profile.put("awsUseApiKey", true);
        return profile;
    }

    private static String stored(Database database, String sessionId) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT json FROM settings WHERE session_id = ?")) {
                select.setString(1, sessionId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    @Test
    void aSecretIsStoredEncryptedAndReadBackWhole() {
        try (Database database = Database.open(dataDir)) {
            JdbcSettingsStore settings = new JdbcSettingsStore(database);
            settings.save("s1", profile());
            assertThat(stored(database, "s1"))
                    .doesNotContain(KEY)
                    .contains("enc:v1:")
                    .contains("\"mode\":\"code\"");
            assertThat(settings.load("s1")).contains(profile());
        }
        assertThat(Files.exists(dataDir.resolve(SecretBox.KEY_FILE))).isTrue();
        assertThat(PosixFilePermissions.toString(posix(dataDir.resolve(SecretBox.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void theDatabaseFilesAreReadableByTheirOwnerOnly() throws Exception {
        try (Database database = Database.open(dataDir)) {
            new JdbcSettingsStore(database).save("s1", profile());
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            List<Path> database = files.filter(f -> f.getFileName().toString().startsWith("relay."))
                    .toList();
            assertThat(database).isNotEmpty().allSatisfy(file -> assertThat(PosixFilePermissions.toString(posix(file)))
                    .as(file.toString())
                    .isEqualTo("rw-------"));
        }
    }

    @Test
    void aCopyOfTheDatabaseWithoutItsKeyYieldsNoSecretAndSaysWhatToDo() throws Exception {
        try (Database database = Database.open(dataDir)) {
            new JdbcSettingsStore(database).save("s1", profile());
        }
        for (String file : List.of("relay.mv.db", "db.secret")) {
            Files.copy(dataDir.resolve(file), elsewhere.resolve(file));
        }
        try (Database copy = Database.open(elsewhere)) {
            assertThat(stored(copy, "s1")).doesNotContain(KEY);
            assertThatThrownBy(() -> new JdbcSettingsStore(copy).load("s1"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("encrypted with another key")
                    .hasMessageContaining(SecretBox.KEY_FILE)
                    .hasMessageNotContaining(KEY);
        }
    }

    @Test
    void profilesStoredBeforeEncryptionAreSealedAndRotationReencryptsEverything() throws Exception {
        try (Database database = Database.open(dataDir)) {
            database.run(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO settings (session_id, json, updated_at) VALUES ('old', ?, CURRENT_TIMESTAMP)")) {
                    insert.setString(1, RooJson.write(profile()));
                    return insert.executeUpdate();
                }
            });
            JdbcSettingsStore settings = new JdbcSettingsStore(database);
            assertThat(settings.resealAll()).isEqualTo(1);
            assertThat(stored(database, "old")).doesNotContain(KEY);
        }
        String before;
        try (Database database = Database.open(dataDir)) {
            before = stored(database, "old");
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RelayMain.commandLine(
                        new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("secrets", "rotate-key", "--data-dir", dataDir.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("re-encrypted the secrets of 1 settings profile");

        try (Database database = Database.open(dataDir)) {
            String after = stored(database, "old");
            assertThat(after).doesNotContain(KEY).isNotEqualTo(before);
            JdbcSettingsStore settings = new JdbcSettingsStore(database);
            assertThat(settings.load("old")).contains(profile());
            // a value sealed with the key before the rotation (by a relay that raced it) still opens
            String sealedBefore = RooJson.parse(before).get("openAiApiKey").asText();
            assertThat(settings.secrets().open(sealedBefore)).isEqualTo(KEY);
        }
        assertThat(Files.exists(dataDir.resolve(SecretBox.PREVIOUS_KEY_FILE))).isTrue();
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> posix(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
