package dev.rooremote.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code roo-agent relays}: the stored relays, each with its own name, certificate and login. */
@Command(
        name = "relays",
        mixinStandardHelpOptions = true,
        description = {
            "List, add, remove and choose the relays roo-agent is logged in to.",
            "%nEach relay has a name you give it, its URL, its pinned certificate fingerprint and its own login. Commands"
                    + " use the current relay unless --relay NAME names another; 'roo-agent sessions' lists the"
                    + " sessions of all of them. Without a subcommand, lists them."
        },
        subcommands = {
            RelaysCommand.ListRelays.class,
            RelaysCommand.Add.class,
            RelaysCommand.Remove.class,
            RelaysCommand.Use.class
        })
final class RelaysCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Override
    public Integer call() throws Exception {
        return print(agent, false);
    }

    static int print(RooAgent agent, boolean json) throws Exception {
        StoredRelays relays = agent.config().readAll();
        if (json) {
            ArrayNode array = RooJson.mapper().createArrayNode();
            for (AgentConfig.Stored r : relays.relays()) {
                ObjectNode row = array.addObject();
                row.put("name", r.name());
                row.put("url", r.url());
                row.put("user", r.user());
                row.put("role", r.role());
                row.put("fingerprint", r.fingerprint());
                row.put("current", r.name().equals(relays.current()));
            }
            agent.out().println(RooJson.write(array));
            return ExitCodes.OK;
        }
        if (relays.relays().isEmpty()) {
            agent.err()
                    .println("No relays yet: add one with 'roo-agent relays add NAME --url wss://HOST:PORT --user"
                            + " USER' (or 'roo-agent login').");
            return ExitCodes.OK;
        }
        Table table = new Table("CURRENT", "NAME", "URL", "USER", "CERTIFICATE");
        for (AgentConfig.Stored r : relays.relays()) {
            table.row(
                    r.name().equals(relays.current()) ? "*" : "",
                    r.name(),
                    r.url(),
                    r.user() == null ? "-" : r.user() + (r.role() == null ? "" : " (" + r.role() + ")"),
                    r.fingerprint() == null ? "system trust store" : "pinned " + shortFingerprint(r.fingerprint()));
        }
        table.print(agent.out());
        return ExitCodes.OK;
    }

    /** The first eight bytes: enough to tell relays apart; --json has the whole fingerprint. */
    private static String shortFingerprint(String fingerprint) {
        return fingerprint.length() <= 23 ? fingerprint : fingerprint.substring(0, 23) + "…";
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the stored relays; * marks the current one.")
    static final class ListRelays implements Callable<Integer> {
        @ParentCommand
        RelaysCommand parent;

        @Option(names = "--json", description = "Print a JSON array: name, url, user, role, fingerprint, current.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return print(parent.agent, json);
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Log in at one more relay and store it under NAME.",
                "%nLike 'roo-agent login', but refuses a name or URL that is already stored, and does not change the"
                        + " current relay (unless it is the first)."
            })
    static final class Add implements Callable<Integer> {
        @ParentCommand
        RelaysCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "The relay's name, e.g. build-2.")
        String name;

        @Mixin
        LoginOptions login;

        @Override
        public Integer call() throws Exception {
            RooAgent agent = parent.agent;
            AgentConfig config = agent.config();
            String checked = StoredRelays.checkName(name);
            refuseTaken(config.readAll(), checked);
            AgentConfig.Stored stored = login.logIn(agent, checked);
            if (stored == null) {
                return ExitCodes.AUTHENTICATION;
            }
            config.locked(() -> {
                StoredRelays relays = config.readAll();
                refuseTaken(relays, checked);
                config.writeAll(relays.put(stored));
                return null;
            });
            agent.err()
                    .println("Added the relay '" + checked + "' (" + stored.url() + ") as " + stored.user()
                            + (stored.role() == null ? "" : " (" + stored.role() + ")") + "; saved in "
                            + config.file());
            return ExitCodes.OK;
        }

        private void refuseTaken(StoredRelays relays, String checked) {
            relays.named(checked).ifPresent(r -> {
                throw new UsageException("a relay named '" + r.name() + "' is already stored (" + r.url()
                        + "): pick another name, or log in to it again with 'roo-agent login --relay " + r.name()
                        + " --url " + r.url() + " --user USER'");
            });
            relays.byUrl(login.url).ifPresent(r -> {
                throw new UsageException("the relay at " + login.url.trim() + " is already stored as '" + r.name()
                        + "'; 'roo-agent relays remove " + r.name() + "' first to store it under another name");
            });
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = {
                "Forget a stored relay and its login.",
                "%nIts tokens are deleted from this machine; the relay itself still accepts them until they expire or"
                        + " an admin revokes them. If it was the current relay, the first remaining one becomes current."
            })
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        RelaysCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "The relay's name.")
        String name;

        @Override
        public Integer call() throws Exception {
            AgentConfig config = parent.agent.config();
            StoredRelays left = config.locked(() -> {
                StoredRelays relays = config.readAll();
                relays.require(name.trim());
                StoredRelays next = relays.remove(name.trim());
                config.writeAll(next);
                return next;
            });
            parent.agent
                    .err()
                    .println("Removed the relay '" + name.trim() + "'."
                            + (left.current() == null ? "" : " The current relay is '" + left.current() + "'."));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "use",
            mixinStandardHelpOptions = true,
            description = "Make NAME the current relay: the one commands use without --relay.")
    static final class Use implements Callable<Integer> {
        @ParentCommand
        RelaysCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "The relay's name.")
        String name;

        @Override
        public Integer call() throws Exception {
            AgentConfig config = parent.agent.config();
            StoredRelays next = config.locked(() -> {
                StoredRelays relays = config.readAll().use(name.trim());
                config.writeAll(relays);
                return relays;
            });
            parent.agent.err().println("The current relay is now '" + next.current() + "'.");
            return ExitCodes.OK;
        }
    }
}
