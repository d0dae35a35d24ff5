package dev.rooremote.agent;

import dev.rooremote.client.AuthClientFactory;
import dev.rooremote.client.Fingerprint;
import dev.rooremote.client.TlsTrust;
import dev.rooremote.client.Tofu;
import dev.rooremote.client.TokenPair;
import java.io.Console;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Log in once and store the relay's URL, fingerprint and a refresh token.",
            "%nThe credentials go to $XDG_CONFIG_HOME/roo-remote/agent.json (or $ROO_AGENT_CONFIG), readable by you only; later commands use them. Without --fingerprint, login shows the relay certificate's fingerprint and asks whether to trust it: compare it with the one the relay printed ('roo-relay fingerprint' on the relay's machine)."
        })
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The relay, wss://HOST:PORT.")
    String url;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "Your user name on the relay.")
    String user;

    @Option(
            names = "--fingerprint",
            paramLabel = "SHA256",
            description = "Trust the relay certificate with this SHA-256 fingerprint without asking.")
    String fingerprint;

    @Option(
            names = "--system-trust",
            description = "The relay has a certificate from a public authority: trust the system trust store"
                    + " instead of pinning a fingerprint.")
    boolean systemTrust;

    @Option(
            names = "--password-stdin",
            description = "Read the password from the first line of standard input (for scripts).")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
        if (fingerprint != null && systemTrust) {
            throw new UsageException("--fingerprint and --system-trust exclude each other: pick one");
        }
        AgentConfig config = agent.config();
        boolean secure = url.trim().toLowerCase(Locale.ROOT).startsWith("wss://")
                || url.trim().toLowerCase(Locale.ROOT).startsWith("https://");
        Console console = agent.console();
        TlsTrust trust;
        String pinned = null;
        if (!secure || systemTrust) {
            trust = TlsTrust.system();
        } else if (fingerprint != null) {
            try {
                pinned = Fingerprint.parse(fingerprint).toString();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--fingerprint: " + e.getMessage());
            }
            trust = TlsTrust.pinned(pinned);
        } else {
            Tofu.Presented presented;
            try {
                presented = Tofu.fetch(java.net.URI.create(url.trim()), Duration.ofSeconds(15));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--url: " + e.getMessage());
            }
            agent.err().println("The relay at " + url + " presents this certificate:");
            agent.err().println("  subject:     " + presented.subject());
            agent.err().println("  valid until: " + presented.notAfter());
            agent.err().println("  SHA-256:     " + presented.fingerprint());
            agent.err()
                    .println("Compare it with the fingerprint the relay printed when it started (or run"
                            + " 'roo-relay fingerprint' on its machine).");
            if (console == null) {
                throw new UsageException("cannot ask whether to trust this certificate without a terminal: check the"
                        + " fingerprint above against the relay's, then pass --fingerprint " + presented.fingerprint());
            }
            String answer = console.readLine("Trust this certificate? [y/N] ");
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                agent.err().println("Not trusted; nothing was stored.");
                return ExitCodes.AUTHENTICATION;
            }
            pinned = presented.fingerprint().toString();
            trust = TlsTrust.pinned(pinned);
        }
        char[] password = readPassword(console);
        String pin = pinned;
        try {
            TokenPair pair = AuthClientFactory.create(url.trim(), trust, Duration.ofSeconds(15))
                    .login(user, password);
            config.locked(() -> {
                config.write(new AgentConfig.Stored(
                        url.trim(),
                        pin,
                        user,
                        pair.role(),
                        pair.refreshToken(),
                        pair.accessToken(),
                        pair.expiresAt().toEpochMilli()));
                return null;
            });
            agent.err()
                    .println("Logged in to " + url.trim() + " as " + user
                            + (pair.role() == null ? "" : " (" + pair.role() + ")") + "; saved in " + config.file());
            return ExitCodes.OK;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] readPassword(Console console) throws java.io.IOException {
        if (passwordStdin) {
            String line = agent.readLine();
            if (line == null || line.isEmpty()) {
                throw new UsageException("--password-stdin: standard input is empty; pipe the password into it");
            }
            return line.toCharArray();
        }
        if (console == null) {
            throw new UsageException("no terminal to ask for the password: pipe it in with --password-stdin");
        }
        char[] password = console.readPassword("Password for %s: ", user);
        if (password == null || password.length == 0) {
            throw new UsageException("no password given");
        }
        return password;
    }
}
