package dev.rooremote.relay.cli;

import dev.rooremote.relay.server.RelayVersion;
import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "roo-relay",
        mixinStandardHelpOptions = true,
        versionProvider = RelayCommand.Version.class,
        description = "Serves Roo Code sessions to the Roo Remote console and agents over WSS.",
        subcommands = {
            ServeCommand.class,
            UserCommand.class,
            TokenCommand.class,
            PairCommand.class,
            DeviceCommand.class,
            AuditCommand.class,
            SecretsCommand.class,
            FingerprintCommand.class,
            MigrateCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            picocli.CommandLine.HelpCommand.class
        },
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class RelayCommand implements Runnable {

    final InputStream in;

    @Spec
    CommandSpec spec;

    RelayCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "name a command: serve, user, token, pair, device or fingerprint (see --help)");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"roo-relay " + RelayVersion.get()};
        }
    }
}
