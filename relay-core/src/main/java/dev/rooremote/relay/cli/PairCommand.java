package dev.rooremote.relay.cli;

import dev.rooremote.relay.auth.PairingCodes;
import dev.rooremote.relay.auth.UserStore;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "pair",
        mixinStandardHelpOptions = true,
        description = {
            "Shows a QR code that signs a phone in as USER: the phone's camera opens the web console, which"
                    + " becomes a device of USER without a password. The code works once, for 5 minutes.",
            "Works whether or not the relay is running; 'roo-relay device list' shows the phones paired."
        },
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class PairCommand extends DataDirCommand {

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user the phone signs in as.")
    String user;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The relay's address as the phone reaches it (default: https://THIS-HOST:8443/).")
    String url;

    @Option(names = "--invert", description = "Draw the QR code for a terminal with a light background.")
    boolean invert;

    @Override
    public Integer call() {
        UserStore.checkName(user);
        URI base = base(url == null ? "https://" + hostName() + ":8443/" : url);
        PairingCodes.Code code;
        try (Accounts accounts = data.accounts(false)) {
            if (accounts.users().find(user).isEmpty()) {
                throw new UsageException("no user '" + user + "': 'roo-relay user list' shows the users");
            }
            code = accounts.pairingCodes().issue(user);
            accounts.audit("pair_code", "for " + user + ", valid until " + code.expiresAt());
        }
        String link = base.toString() + "#pair=" + code.code();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Scan this with the phone's camera to sign it in as '" + user + "' (once, within "
                + PairingCodes.LIFETIME.toMinutes() + " minutes):");
        out.println();
        out.print(QrText.render(link, invert));
        out.println();
        out.println(link);
        out.flush();
        return 0;
    }

    /** The relay's base URL, checked: http(s), a host, no query or fragment; ends with '/'. */
    static URI base(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new UsageException(
                    "--url " + text + " is not a URL: give the relay's address, e.g." + " https://relay.example:8443/");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new UsageException("--url " + text + " needs https:// and a host, e.g. https://relay.example:8443/");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("--url " + text + " must not have a query or '#': give only the relay's address");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create(scheme + "://" + uri.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new UsageException("cannot tell this machine's host name: pass --url with the relay's address");
        }
    }
}
