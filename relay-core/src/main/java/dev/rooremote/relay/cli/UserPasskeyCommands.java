package dev.rooremote.relay.cli;

import dev.rooremote.relay.auth.Passkeys;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code roo-relay user passkeys NAME} and {@code user passkey-remove NAME ID}: an admin's view of the
 * passkeys people added in the web console, and the way back in for someone who lost theirs.
 */
final class UserPasskeyCommands {

    private UserPasskeyCommands() {}

    @Command(
            name = "passkeys",
            mixinStandardHelpOptions = true,
            description = "Lists a user's passkeys (added in the web console). With any, the web console's"
                    + " password sign-in and pairing also need one of them.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class ListPasskeys extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user name.")
        String name;

        @Override
        public Integer call() {
            List<Passkeys.Passkey> passkeys;
            try (Accounts accounts = data.accounts(false)) {
                if (accounts.users().find(name).isEmpty()) {
                    throw new UsageException("no user '" + name + "': 'roo-relay user list' shows the users");
                }
                passkeys = accounts.passkeys().list(name);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (passkeys.isEmpty()) {
                out.println("'" + name + "' has no passkeys: a password alone signs in (add one in the web console)");
                return 0;
            }
            out.printf("%-12s %-24s %-20s %s%n", "ID", "NAME", "ADDED", "LAST USED");
            for (Passkeys.Passkey p : passkeys) {
                out.printf(
                        "%-12s %-24s %-20s %s%n",
                        p.id(),
                        DeviceCommand.printable(p.name()),
                        p.createdAt().truncatedTo(ChronoUnit.SECONDS),
                        p.lastUsedAt() == null ? "never" : p.lastUsedAt().truncatedTo(ChronoUnit.SECONDS));
            }
            return 0;
        }
    }

    @Command(
            name = "passkey-remove",
            mixinStandardHelpOptions = true,
            description = "Removes one of a user's passkeys, for someone who lost it. Without passkeys left, the"
                    + " password alone signs in again.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class Remove extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user name.")
        String name;

        @Parameters(index = "1", paramLabel = "ID", description = "The passkey's id ('roo-relay user passkeys NAME').")
        String id;

        @Override
        public Integer call() {
            Passkeys.Passkey removed;
            int left;
            try (Accounts accounts = data.accounts(false)) {
                removed = accounts.passkeys()
                        .remove(id, name)
                        .orElseThrow(() -> new UsageException("'" + name + "' has no passkey '" + id
                                + "': 'roo-relay user passkeys " + name + "' shows them"));
                left = accounts.passkeys().count(name);
                accounts.audit("passkey_remove", "passkey " + removed.id() + " of " + name);
            }
            spec.commandLine()
                    .getOut()
                    .println("removed passkey " + removed.id() + " ('" + DeviceCommand.printable(removed.name())
                            + "') of '" + name + "'; "
                            + (left == 0 ? "a password alone signs in again" : left + " passkey(s) left"));
            return 0;
        }
    }
}
