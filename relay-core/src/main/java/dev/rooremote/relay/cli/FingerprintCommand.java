package dev.rooremote.relay.cli;

import dev.rooremote.relay.store.DataDir;
import dev.rooremote.relay.tls.TlsIdentity;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "fingerprint",
        mixinStandardHelpOptions = true,
        description = "Prints the SHA-256 fingerprint of the relay's certificate, which clients pin. Creates the"
                + " self-signed certificate if the relay has not started yet, so it can be shared in advance.",
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class FingerprintCommand extends DataDirCommand {
    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Your own PKCS#12 keystore instead.")
    Path keystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "The file holding its password.")
    Path passwordFile;

    @Override
    public Integer call() {
        if ((keystore == null) != (passwordFile == null)) {
            throw new UsageException("--tls-keystore and --tls-password-file go together: pass both, or neither");
        }
        TlsIdentity identity = keystore != null
                ? TlsIdentity.fromKeystore(keystore, passwordFile)
                : TlsIdentity.selfSigned(DataDir.open(data.dataDir));
        spec.commandLine().getOut().println("SHA-256 " + identity.fingerprint());
        return 0;
    }
}
