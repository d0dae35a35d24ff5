package dev.rooremote.relay.cli;

import dev.rooremote.relay.auth.Devices;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = "Lists and revokes the phones paired with 'roo-relay pair'. Works whether or not the relay"
                + " is running.",
        subcommands = {DeviceCommand.ListDevices.class, DeviceCommand.Revoke.class},
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class DeviceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "name a device command: list or revoke (see --help)");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the paired devices (of one user with --user) that are not revoked.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class ListDevices extends DataDirCommand {
        @Option(names = "--user", paramLabel = "NAME", description = "Only this user's devices.")
        String user;

        @Override
        public Integer call() {
            List<Devices.Device> devices;
            try (Accounts accounts = data.accounts(false)) {
                devices = accounts.devices().list(user);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (devices.isEmpty()) {
                out.println("no paired devices: pair one with 'roo-relay pair --user NAME --data-dir " + data.dataDir
                        + "'");
                return 0;
            }
            out.printf("%-12s %-24s %-24s %-20s %s%n", "ID", "USER", "NAME", "PAIRED", "SIGNED IN");
            for (Devices.Device d : devices) {
                out.printf(
                        "%-12s %-24s %-24s %-20s %s%n",
                        d.id(),
                        d.user(),
                        printable(d.name()),
                        d.pairedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        d.signedIn() ? "yes" : "no (signed out)");
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revokes a paired device: it is signed out, and a running relay closes its open"
                    + " connections within seconds.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class Revoke extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The device's id ('roo-relay device list').")
        String id;

        @Override
        public Integer call() {
            Devices.Device device;
            try (Accounts accounts = data.accounts(false)) {
                device = accounts.devices()
                        .revoke(id, null)
                        .orElseThrow(() -> new UsageException("no device '" + id
                                + "' (or it is revoked already): 'roo-relay device list' shows the devices"));
                accounts.audit("device_revoke", "device " + device.id() + " of " + device.user());
            }
            spec.commandLine()
                    .getOut()
                    .println("revoked device " + device.id() + " ('" + printable(device.name()) + "') of '"
                            + device.user() + "'; it is signed out");
            return 0;
        }
    }

    /** A device name as typed on a phone, on one line of the terminal. */
    static String printable(String name) {
        return name.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
