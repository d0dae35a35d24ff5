package dev.rooremote.relay.cli;

import dev.rooremote.relay.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} every command shares. */
final class DataDirOption {

    @Option(
            names = "--data-dir",
            required = true,
            paramLabel = "DIR",
            description = "The relay's data folder (database, certificate, secrets). Created 0700 when missing.")
    Path dataDir;

    /** Opens the database, refusing a folder that holds no relay data unless {@code create}. */
    Database open(boolean create) {
        if (!create && !Files.exists(dataDir.resolve("relay.mv.db"))) {
            throw new UsageException("--data-dir " + dataDir + " holds no relay data: check the path (it is the folder"
                    + " given to 'roo-relay serve --data-dir')");
        }
        return Database.open(dataDir);
    }

    /** Opens the account stores, as {@link #open}. */
    Accounts accounts(boolean create) {
        return new Accounts(open(create));
    }
}
