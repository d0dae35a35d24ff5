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

    @Option(
            names = "--tls-cert",
            paramLabel = "CHAIN.pem",
            description = "Your own PEM certificate chain instead (the first certificate is the relay's).")
    Path cert;

    @Override
    public Integer call() {
        if ((keystore == null) != (passwordFile == null)) {
            throw new UsageException("--tls-keystore and --tls-password-file go together: pass both, or neither");
        }
        if (cert != null && keystore != null) {
            throw new UsageException("--tls-cert and --tls-keystore are two ways to give your certificate: use one");
        }
        String fingerprint = cert != null
                ? TlsIdentity.fingerprint(TlsIdentity.leafFromPem(cert))
                : keystore != null
                        ? TlsIdentity.fromKeystore(keystore, passwordFile).fingerprint()
                        : TlsIdentity.selfSigned(DataDir.open(data.dataDir)).fingerprint();
        spec.commandLine().getOut().println("SHA-256 " + fingerprint);
        return 0;
    }
}
