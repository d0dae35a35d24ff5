package dev.rooremote.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.relay.store.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands an operator runs against a PostgreSQL database, as the operator guide describes: a
 * database and its owner made first, then migrate, accounts, audit, and moving a relay's history in.
 */
class PostgresCliTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    private String url;
    private Path passwordFile;

    private static CliRun run(String stdin, String... args) {
        return CliRun.run(stdin, args);
    }

    @BeforeEach
    void createDatabaseAndOwner() throws Exception {
        EmbeddedPostgres server = TestPostgres.server();
        String database = "fleet_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'roo_relay') THEN"
                    + " CREATE ROLE roo_relay LOGIN PASSWORD 'relay-db-pw'; END IF; END $$");
            statement.execute("CREATE DATABASE " + database + " OWNER roo_relay");
        }
        url = "postgresql://localhost:" + server.getPort() + "/" + database;
        passwordFile = dir.resolve("db.password");
        Files.writeString(passwordFile, "relay-db-pw\n");
    }

    private String[] withDatabase(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--data-dir",
                dir.resolve("data").toString(),
                "--database",
                url,
                "--database-password-file",
                passwordFile.toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void migrateAccountsAndAuditWorkOnTheSharedDatabase() {
        CliRun first = run("", withDatabase("migrate"));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("was empty: created at schema version");
        assertThat(run("", withDatabase("migrate")).out()).contains("is up to date");

        CliRun add =
                run("alice-password\n", withDatabase("user", "add", "alice", "--role", "admin", "--password-stdin"));
        assertThat(add.code()).as(add.err()).isZero();
        CliRun users = run("", withDatabase("user", "list"));
        assertThat(users.out()).contains("alice").contains("admin");
        // The embedded database of the same data dir knows nothing of it.
        assertThat(run("", "user", "list", "--data-dir", dir.resolve("data").toString())
                        .out())
                .doesNotContain("alice");

        CliRun audit = run("", withDatabase("audit"));
        assertThat(audit.out()).contains("user_add").doesNotContain("relay-db-pw");
    }

    @Test
    void aMissingDatabaseAndCredentialsOnTheCommandLineAreRefusedWithWhatToDo() throws Exception {
        url = url + "_missing";
        CliRun missing = run("", withDatabase("migrate"));
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err())
                .contains("the database at localhost:")
                .contains("does not exist: create it first")
                .doesNotContain("relay-db-pw");

        CliRun inUrl = run(
                "",
                "migrate",
                "--data-dir",
                dir.resolve("data").toString(),
                "--database",
                url.replace("postgresql://", "postgresql://roo_relay:relay-db-pw@"));
        assertThat(inUrl.code()).isEqualTo(2);
        assertThat(inUrl.err())
                .contains("must not carry a user name or password")
                .doesNotContain("relay-db-pw");

        CliRun unreachable = run(
                "",
                "migrate",
                "--data-dir",
                dir.resolve("data").toString(),
                "--database",
                "postgresql://localhost:1/nowhere?connectTimeout=2",
                "--database-password-file",
                passwordFile.toString());
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the database at localhost:1/nowhere");
    }

    @Test
    void aRelaysHistoryMovesFromItsEmbeddedDatabaseIntoTheSharedOne() {
        String embedded = dir.resolve("workstation").toString();
        assertThat(run(
                                "bob-password\n",
                                "user",
                                "add",
                                "bob",
                                "--role",
                                "operator",
                                "--password-stdin",
                                "--data-dir",
                                embedded)
                        .code())
                .isZero();
        Path file = dir.resolve("workstation.export");
        CliRun export = run("", "export", "--data-dir", embedded, "--to", file.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("users").contains("1 rows");
        assertThat(run("", "export", "--data-dir", embedded, "--to", file.toString())
                        .err())
                .contains("exists")
                .contains("--force");

        CliRun imported = run(
                "",
                "import",
                "--data-dir",
                embedded,
                "--database",
                url,
                "--database-password-file",
                passwordFile.toString(),
                "--relay-name",
                "workstation",
                "--from",
                file.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("checked against the file").contains("users");
        assertThat(run("", withDatabase("user", "list")).out()).contains("bob");

        CliRun notAnExport = run("", withDatabase("import", "--relay-name", "x", "--from", passwordFile.toString()));
        assertThat(notAnExport.code()).isEqualTo(1);
        assertThat(notAnExport.err()).contains("line 1 is not JSON");
    }
}
