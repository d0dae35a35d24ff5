package dev.rooremote.relay.cli;

import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.StoreTransfer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the relay's state to a file (JSON lines, 0600) that 'roo-relay import' reads into another"
                    + " store: users, tokens, the audit trail, and this relay's settings and session history.",
            "Moves a relay from the embedded database to PostgreSQL (or back): export from the old store,"
                    + " import into the new one, then serve with the new one. Stop the relay first, or its"
                    + " newest events may be missing from the file (the import then skips their numbers safely).",
            "The file holds password and token hashes and sealed settings: keep it private."
        },
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class ExportCommand extends DataDirCommand {

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The file to write.")
    Path to;

    @Option(names = "--force", description = "Replace --to when it exists.")
    boolean force;

    @Option(
            names = "--relay-name",
            paramLabel = "NAME",
            description = "With a shared --database: whose sessions to export (default: the host's name).")
    String relayName;

    @Override
    public Integer call() {
        if (Files.exists(to) && !force) {
            throw new UsageException("--to " + to + " exists: pick another file, or add --force to replace it");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = data.open(false, relayName)) {
            StoreTransfer.Summary summary = StoreTransfer.export(database, to, line -> {
                out.println("  exported " + line);
                out.flush();
            });
            out.println("Wrote " + to + ":");
            out.print(summary.describe());
        }
        return 0;
    }
}
