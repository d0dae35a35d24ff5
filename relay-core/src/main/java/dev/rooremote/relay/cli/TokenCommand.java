package dev.rooremote.relay.cli;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.auth.AgentToken;
import dev.rooremote.relay.auth.AgentTokens;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Manages agent tokens: long-lived, limited to named sessions and a role, revocable."
                + " Works whether or not the relay is running.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private static final Pattern TTL = Pattern.compile("(\\d{1,6})([smhd])");

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "name a token command: create, list or revoke (see --help)");
    }

    static Duration parseTtl(String ttl) {
        Matcher m = TTL.matcher(ttl.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException(
                    "--ttl " + ttl + " is not a lifetime: use a number with s, m, h or d, e.g. 30d or 12h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Creates an agent token and prints it on the last line (shown once; store it safely).",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class Create extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "A name for the token (e.g. the agent's).")
        String name;

        @Option(
                names = "--sessions",
                required = true,
                paramLabel = "S1,S2",
                split = ",",
                description = "The sessions the token may see and act on.")
        List<String> sessions;

        @Option(
                names = "--role",
                defaultValue = "operator",
                paramLabel = "ROLE",
                description = "operator (default) or viewer.")
        String role;

        @Option(
                names = "--ttl",
                defaultValue = "30d",
                paramLabel = "TTL",
                description = "Lifetime: a number with s, m, h or d (default ${DEFAULT-VALUE}).")
        String ttl;

        @Override
        public Integer call() {
            Role parsed = UserCommand.parseRole(role);
            if (parsed == Role.ADMIN) {
                throw new UsageException("--role admin is not allowed for agent tokens: use operator or viewer");
            }
            Duration lifetime = parseTtl(ttl);
            Set<String> scope = new LinkedHashSet<>();
            sessions.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(scope::add);
            if (scope.isEmpty()) {
                throw new UsageException("--sessions names no session: list them, e.g. --sessions demo-1,demo-2");
            }
            AgentTokens.Created created;
            try (Accounts accounts = data.accounts(true)) {
                try {
                    created = accounts.agentTokens().create(name, parsed, scope, lifetime);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                accounts.audit("token_create", name + " (" + parsed.wire() + ") for " + String.join(",", scope));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    "created agent token '" + name + "' (id " + created.token().id() + "), role "
                            + parsed.wire() + ", sessions " + String.join(",", scope) + ", expires "
                            + created.token().expiresAt());
            out.println(created.secret());
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists agent tokens (never their secrets).",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class ListTokens extends DataDirCommand {
        @Override
        public Integer call() {
            List<AgentToken> tokens;
            try (Accounts accounts = data.accounts(false)) {
                tokens = accounts.agentTokens().list();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (tokens.isEmpty()) {
                out.println("no agent tokens");
                return 0;
            }
            Instant now = Instant.now();
            out.printf("%-36s %-20s %-9s %-8s %-22s %s%n", "ID", "NAME", "ROLE", "STATUS", "EXPIRES", "SESSIONS");
            for (AgentToken t : tokens) {
                String status = t.revokedAt() != null ? "revoked" : t.activeAt(now) ? "active" : "expired";
                out.printf(
                        "%-36s %-20s %-9s %-8s %-22s %s%n",
                        t.id(), t.name(), t.role().wire(), status, t.expiresAt(), String.join(",", t.sessions()));
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revokes an agent token by name or id; a running relay refuses it at once and closes"
                    + " the connections it has open within seconds.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class Revoke extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "NAME|ID", description = "The token's name or id.")
        String token;

        @Override
        public Integer call() {
            try (Accounts accounts = data.accounts(false)) {
                if (!accounts.agentTokens().revoke(token)) {
                    throw new UsageException(
                            "no active token named or with id '" + token + "': 'roo-relay token list' shows them");
                }
                accounts.audit("token_revoke", token);
            }
            spec.commandLine().getOut().println("revoked agent token '" + token + "'");
            return 0;
        }
    }
}
