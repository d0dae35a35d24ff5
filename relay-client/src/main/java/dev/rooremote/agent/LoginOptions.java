package dev.rooremote.agent;

import dev.rooremote.client.AuthClientFactory;
import dev.rooremote.client.Fingerprint;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.TlsTrust;
import dev.rooremote.client.Tofu;
import dev.rooremote.client.TokenPair;
import java.io.Console;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Logging in at a relay: its URL and the user, how its certificate is trusted (a fingerprint given,
 * the system trust store, or shown and confirmed), and the password. Shared by {@code login} and
 * {@code relays add}.
 */
final class LoginOptions {

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

    /**
     * Logs in and returns the login to store as the relay {@code name}, or null when the user did
     * not trust the certificate (nothing is stored then).
     */
    AgentConfig.Stored logIn(RooAgent agent, String name) throws Exception {
        if (fingerprint != null && systemTrust) {
            throw new UsageException("--fingerprint and --system-trust exclude each other: pick one");
        }
        try {
            RelayClient.builder(url.trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url: " + e.getMessage());
        }
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
                return null;
            }
            pinned = presented.fingerprint().toString();
            trust = TlsTrust.pinned(pinned);
        }
        char[] password = readPassword(agent, console);
        try {
            TokenPair pair = AuthClientFactory.create(url.trim(), trust, Duration.ofSeconds(15))
                    .login(user, password);
            return new AgentConfig.Stored(
                    name,
                    url.trim(),
                    pinned,
                    user,
                    pair.role(),
                    pair.refreshToken(),
                    pair.accessToken(),
                    pair.expiresAt().toEpochMilli());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] readPassword(RooAgent agent, Console console) throws java.io.IOException {
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
