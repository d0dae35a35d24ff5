package dev.rooremote.relay.cli;

import dev.rooremote.relay.store.Database;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Brings the relay's database (the embedded one in --data-dir, or the PostgreSQL --database a fleet"
                    + " shares) up to this release's schema, and says from which version. 'serve' does the same on"
                    + " start; run this first when upgrading a fleet, with its relays stopped.",
            "A database a newer roo-relay has migrated is refused: this release would misread it."
        },
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class MigrateCommand extends DataDirCommand {

    @Override
    public Integer call() {
        try (Database database = data.open(true)) {
            PrintWriter out = spec.commandLine().getOut();
            String where = database.dialect() == Database.Dialect.H2
                    ? "the embedded database in " + database.location()
                    : "the PostgreSQL database at " + database.location();
            int from = database.migratedFrom();
            if (from == Database.SCHEMA_VERSION) {
                out.println(where + " is up to date (schema version " + from + ")");
            } else if (from == 0) {
                out.println(where + " was empty: created at schema version " + Database.SCHEMA_VERSION);
            } else {
                out.println(where + " migrated from schema version " + from + " to " + Database.SCHEMA_VERSION);
            }
        }
        return 0;
    }
}
