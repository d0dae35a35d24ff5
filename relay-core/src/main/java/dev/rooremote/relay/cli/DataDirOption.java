package dev.rooremote.relay.cli;

import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.PostgresTarget;
import dev.rooremote.relay.store.RelayName;
import dev.rooremote.relay.store.StoreException;
import dev.rooremote.relay.store.StoreTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} every command shares, and the database the relay's state is kept in. */
final class DataDirOption {

    @Option(
            names = "--data-dir",
            required = true,
            paramLabel = "DIR",
            description = "The relay's data folder (database, certificate, secrets). Created 0700 when missing.")
    Path dataDir;

    @Option(
            names = "--database",
            paramLabel = "URL",
            description = "Keep users, tokens, audit, settings and session history in PostgreSQL, shared by every"
                    + " relay given the same URL: postgresql://HOST:PORT/DATABASE (TLS: ?sslmode=verify-full&"
                    + "sslrootcert=FILE). The user comes from " + PostgresTarget.USER_VARIABLE + " (default "
                    + PostgresTarget.DEFAULT_USER + "), the password from --database-password-file or "
                    + PostgresTarget.PASSWORD_VARIABLE + ". Default: the embedded database in --data-dir.")
    String database;

    @Option(
            names = "--database-password-file",
            paramLabel = "FILE",
            description = "The file holding the PostgreSQL password (first line); keep it 0600.")
    Path databasePasswordFile;

    /** Where the state is kept for a relay named {@code relayName} (null: named after the host). */
    StoreTarget store(String relayName) {
        if (database == null && databasePasswordFile != null) {
            throw new UsageException("--database-password-file is for a PostgreSQL --database: add --database"
                    + " postgresql://HOST:PORT/DATABASE, or leave the password file out");
        }
        try {
            String name = relayName == null ? RelayName.ofHost() : relayName;
            PostgresTarget postgres =
                    database == null ? null : PostgresTarget.parse(database, databasePasswordFile, System.getenv());
            return new StoreTarget(postgres, name);
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Opens the database, refusing a folder that holds no relay data unless {@code create}. */
    Database open(boolean create) {
        return open(create, null);
    }

    /** As {@link #open(boolean)}, for the relay named {@code relayName} (null: the host's name). */
    Database open(boolean create, String relayName) {
        StoreTarget target = store(relayName);
        if (target.postgres() == null && !create && !Files.exists(dataDir.resolve("relay.mv.db"))) {
            throw new UsageException("--data-dir " + dataDir + " holds no relay data: check the path (it is the folder"
                    + " given to 'roo-relay serve --data-dir')");
        }
        return target.open(DataDir.open(dataDir));
    }

    /** Opens the account stores, as {@link #open}. */
    Accounts accounts(boolean create) {
        return new Accounts(open(create));
    }
}
