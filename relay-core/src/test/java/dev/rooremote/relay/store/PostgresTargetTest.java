package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A database URL and its credentials: what is taken, and what is refused with what to write instead. */
class PostgresTargetTest {

    private static final Map<String, String> ENV = Map.of(PostgresTarget.PASSWORD_VARIABLE, "s3cret-pw");

    @TempDir
    Path temp;

    @Test
    void aUrlBecomesTheDriversUrlWithTlsParametersAndCredentialsFromTheEnvironment() {
        PostgresTarget target = PostgresTarget.parse(
                "postgresql://db.example.org:6543/roo?sslmode=verify-full&sslrootcert=/etc/roo/ca.pem",
                null,
                Map.of(PostgresTarget.USER_VARIABLE, "relay_a", PostgresTarget.PASSWORD_VARIABLE, "pw"));
        assertThat(target.jdbcUrl())
                .isEqualTo(
                        "jdbc:postgresql://db.example.org:6543/roo?sslmode=verify-full&sslrootcert=%2Fetc%2Froo%2Fca.pem");
        assertThat(target.location()).isEqualTo("db.example.org:6543/roo");
        assertThat(target.user()).isEqualTo("relay_a");
        assertThat(target.toString()).doesNotContain("pw");

        PostgresTarget defaults = PostgresTarget.parse("postgres://db/roo", null, ENV);
        assertThat(defaults.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/roo");
        assertThat(defaults.user()).isEqualTo(PostgresTarget.DEFAULT_USER);
    }

    @Test
    void thePasswordFileWinsOverTheEnvironmentAndAnEmptyOneIsRefused() throws Exception {
        Path file = temp.resolve("db.password");
        Files.writeString(file, "from-the-file\n");
        assertThat(PostgresTarget.parse("postgresql://db/roo", file, ENV).password())
                .isEqualTo("from-the-file");
        Files.writeString(file, "");
        assertThatThrownBy(() -> PostgresTarget.parse("postgresql://db/roo", file, ENV))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> PostgresTarget.parse("postgresql://db/roo", temp.resolve("missing"), ENV))
                .hasMessageContaining("cannot read --database-password-file");
        assertThatThrownBy(() -> PostgresTarget.parse("postgresql://db/roo", null, Map.of()))
                .hasMessageContaining("no password")
                .hasMessageContaining(PostgresTarget.PASSWORD_VARIABLE);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "postgresql://alice:hunter22@db/roo | must not carry a user name or password",
                "postgresql://db/roo?password=hunter22 | must not carry a user name or password",
                "mysql://db/roo | is not a PostgreSQL URL",
                "db.example.org:5432/roo | is not a PostgreSQL URL",
                "postgresql:///roo | names no host",
                "postgresql://db | names no database",
                "postgresql://db/roo?sslmode=require&loggerFile=/tmp/x | parameter 'loggerFile' is not one the relay takes",
                "postgresql://db/ro o | is not a URL",
            })
    void badUrlsAreRefusedWithWhatToWriteAndNeverEchoAPassword(String url, String message) {
        assertThatThrownBy(() -> PostgresTarget.parse(url, null, ENV))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter22"));
    }
}
