package dev.rooremote.relay.cli;

import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.StoreTransfer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a file 'roo-relay export' wrote into this relay's store (the embedded database in --data-dir,"
                    + " or the PostgreSQL --database), all or nothing: the rows and every session's event count"
                    + " and last number are checked against the file before anything is kept.",
            "Users and tokens the target already has are kept as they are. A target that already holds"
                    + " history of a session in the file is refused. Sealed settings open only with the key of"
                    + " the data dir they were sealed in: import on the same --data-dir, or enter them again."
        },
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class ImportCommand extends DataDirCommand {

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The file 'export' wrote.")
    Path from;

    @Option(
            names = "--relay-name",
            paramLabel = "NAME",
            description = "With a shared --database: the relay the sessions are imported for (default: the host's"
                    + " name); serve that relay with the same --relay-name.")
    String relayName;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(from)) {
            throw new UsageException("--from " + from + " is not a file: give the file 'roo-relay export --to' wrote");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = data.open(true, relayName)) {
            StoreTransfer.Summary summary = StoreTransfer.importInto(database, from, line -> {
                out.println("  " + line);
                out.flush();
            });
            out.println("Imported " + from + " into " + database.location() + ", checked against the file:");
            out.print(summary.describe());
        }
        return 0;
    }
}
