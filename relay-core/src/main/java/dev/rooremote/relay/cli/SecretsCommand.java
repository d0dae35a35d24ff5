package dev.rooremote.relay.cli;

import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcSettingsStore;
import dev.rooremote.relay.store.SecretBox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(
        name = "secrets",
        mixinStandardHelpOptions = true,
        description = "Manages the key that encrypts secret settings (provider API keys) in the database.",
        subcommands = {SecretsCommand.RotateKey.class},
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class SecretsCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "name a secrets command: rotate-key (see --help)");
    }

    @Command(
            name = "rotate-key",
            mixinStandardHelpOptions = true,
            description = "Makes a new key (" + SecretBox.KEY_FILE + ", 0600), encrypts every stored secret setting"
                    + " with it and keeps the old key as " + SecretBox.PREVIOUS_KEY_FILE
                    + " until the next rotation. Works whether or not the relay is running.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class RotateKey extends DataDirCommand {
        @Override
        public Integer call() {
            String id;
            int profiles;
            try (Database database = data.open(false)) {
                JdbcSettingsStore settings = new JdbcSettingsStore(database);
                id = settings.secrets().rotate();
                profiles = settings.resealAll();
                new dev.rooremote.relay.audit.AuditLog(database, java.time.Clock.systemUTC())
                        .record(Accounts.actor(), "secrets_rotate_key", null, null, "ok", "new key " + id);
            }
            spec.commandLine()
                    .getOut()
                    .println("new key " + id + "; re-encrypted the secrets of " + profiles + " settings profile"
                            + (profiles == 1 ? "" : "s"));
            return 0;
        }
    }
}
