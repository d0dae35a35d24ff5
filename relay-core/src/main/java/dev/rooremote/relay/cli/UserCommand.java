package dev.rooremote.relay.cli;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.auth.User;
import dev.rooremote.relay.auth.UserStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Manages the relay's user accounts. Works whether or not the relay is running.",
        subcommands = {
            UserCommand.Add.class,
            UserCommand.ListUsers.class,
            UserCommand.Remove.class,
            UserCommand.Passwd.class,
            UserPasskeyCommands.ListPasskeys.class,
            UserPasskeyCommands.Remove.class
        },
        footerHeading = ExitCodes.HEADING,
        footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    RelayCommand parent;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "name a user command: add, list, remove, passwd, passkeys or passkey-remove (see --help)");
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Adds a user. The password is read from standard input (--password-stdin).",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class Add extends DataDirCommand {
        @ParentCommand
        UserCommand user;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user name.")
        String name;

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "viewer (watch), operator (also start, answer, cancel, resume) or admin (also settings).")
        String role;

        @Option(names = "--password-stdin", description = "Read the password from standard input (required).")
        boolean passwordStdin;

        @Override
        public Integer call() {
            Role parsed = parseRole(role);
            String password = readPassword(passwordStdin, user.parent.in);
            UserStore.checkName(name);
            UserStore.checkPassword(password);
            try (Accounts accounts = data.accounts(true)) {
                if (!accounts.users().add(name, parsed, password)) {
                    throw new UsageException("user '" + name + "' already exists: use 'roo-relay user passwd " + name
                            + "' to change the password, or pick another name");
                }
                accounts.audit("user_add", name + " as " + parsed.wire());
            }
            spec.commandLine().getOut().println("added user '" + name + "' with the " + parsed.wire() + " role");
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the users and their roles.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class ListUsers extends DataDirCommand {
        @Override
        public Integer call() {
            List<User> users;
            try (Accounts accounts = data.accounts(false)) {
                users = accounts.users().list();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (users.isEmpty()) {
                out.println("no users: add one with 'roo-relay user add NAME --role admin --password-stdin --data-dir "
                        + data.dataDir + "'");
                return 0;
            }
            out.printf("%-24s %-9s %s%n", "NAME", "ROLE", "CREATED");
            for (User u : users) {
                out.printf("%-24s %-9s %s%n", u.name(), u.role().wire(), u.createdAt());
            }
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Removes a user and revokes their refresh tokens; a running relay refuses them at once"
                    + " and closes their open connections within seconds.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class Remove extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user to remove.")
        String name;

        @Override
        public Integer call() {
            try (Accounts accounts = data.accounts(false)) {
                if (!accounts.users().remove(name)) {
                    throw new UsageException("no user '" + name + "': 'roo-relay user list' shows the users");
                }
                accounts.refreshTokens().revokeUser(name);
                accounts.audit("user_remove", name);
            }
            spec.commandLine().getOut().println("removed user '" + name + "'");
            return 0;
        }
    }

    @Command(
            name = "passwd",
            mixinStandardHelpOptions = true,
            description = "Sets a user's password (read from standard input) and signs them out everywhere.",
            footerHeading = ExitCodes.HEADING,
            footer = {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE})
    static final class Passwd extends DataDirCommand {
        @ParentCommand
        UserCommand user;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
        String name;

        @Option(names = "--password-stdin", description = "Read the new password from standard input (required).")
        boolean passwordStdin;

        @Override
        public Integer call() {
            String password = readPassword(passwordStdin, user.parent.in);
            UserStore.checkPassword(password);
            try (Accounts accounts = data.accounts(false)) {
                if (!accounts.users().setPassword(name, password)) {
                    throw new UsageException("no user '" + name + "': 'roo-relay user list' shows the users");
                }
                accounts.refreshTokens().revokeUser(name);
                accounts.audit("user_passwd", name);
            }
            spec.commandLine()
                    .getOut()
                    .println("changed the password of '" + name + "'; their refresh tokens are revoked");
            return 0;
        }
    }

    static Role parseRole(String role) {
        try {
            return Role.fromWire(role);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--role " + role + " is not a role: use viewer, operator or admin");
        }
    }

    private static String readPassword(boolean passwordStdin, java.io.InputStream in) {
        if (!passwordStdin) {
            throw new UsageException(
                    "pass --password-stdin and the password on standard input (passwords never go on the command line)");
        }
        return Passwords.readFirstLine(in);
    }
}
