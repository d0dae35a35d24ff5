package dev.rooremote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.RelayErrorException;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettingsSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "settings",
        mixinStandardHelpOptions = true,
        description = {
            "Read or change a session's settings, and switch Roo's provider profile.",
            "%nMode, provider, auto-approval, allowed commands, ...: where the session has Roo's bridge these are Roo's"
                    + " live settings; otherwise the relay's stored profile, which it sends to Roo with every new"
                    + " task. Secret values (API keys) are never shown."
        },
        subcommands = {
            SettingsCommand.Get.class,
            SettingsCommand.Set.class,
            SettingsCommand.Keys.class,
            SettingsCommand.Profiles.class,
            SettingsCommand.UseProfile.class
        })
final class SettingsCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Override
    public Integer call() {
        throw new UsageException("say 'settings get --session S', 'settings set --session S KEY=VALUE...',"
                + " 'settings keys', 'settings profiles --session S' or 'settings use-profile --session S NAME'");
    }

    static void print(RooAgent agent, AckResult.Settings settings, boolean json) {
        if (json) {
            ObjectNode out = RooJson.object();
            out.put("session", settings.sessionId());
            out.set("settings", RooJson.toTree(settings.settings()));
            out.set("secrets", RooJson.toTree(settings.secrets()));
            out.put("source", settings.live() ? AckResult.Settings.FROM_ROO : AckResult.Settings.FROM_PROFILE);
            agent.out().println(RooJson.write(out));
            return;
        }
        // Where they come from goes to stderr, so stdout stays one KEY=VALUE a line.
        agent.err()
                .println(
                        settings.live()
                                ? "Roo's live settings in " + settings.sessionId() + ", read through its bridge:"
                                : "The relay's stored settings of " + settings.sessionId()
                                        + " (sent to Roo with every new task):");
        settings.settings().forEach((key, value) -> agent.out()
                .println(key + "=" + (value.isTextual() ? value.asText() : RooJson.write(value))));
        for (String secret : settings.secrets()) {
            agent.out().println(secret + "=(secret, set)");
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the settings, one KEY=VALUE a line.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        SettingsCommand parent;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--session", required = true, paramLabel = "SESSION", description = "The session.")
        String sessionId;

        @Option(names = "--json", description = "Print {session, settings, secrets} as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (RelayClient client = connection.connect(parent.agent)) {
                print(parent.agent, Commands.await(client.getSettings(sessionId)), json);
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Change settings (needs the admin role); prints the new settings.",
                "%nVALUE is read as JSON when it is JSON (true, 3, [\"npm test\"], null to remove the key) and as text"
                        + " otherwise. KEY must be one of Roo's settings ('settings keys' lists them); the relay"
                        + " refuses others, with the keys they were probably meant to be, and changes nothing."
            })
    static final class Set implements Callable<Integer> {
        @ParentCommand
        SettingsCommand parent;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--session", required = true, paramLabel = "SESSION", description = "The session.")
        String sessionId;

        @Option(names = "--json", description = "Print the new settings as JSON.")
        boolean json;

        @Parameters(arity = "1..*", paramLabel = "KEY=VALUE", description = "The changes.")
        List<String> assignments;

        @Override
        public Integer call() throws Exception {
            Map<String, JsonNode> changes = parse(assignments);
            try (RelayClient client = connection.connect(parent.agent)) {
                print(parent.agent, Commands.await(client.updateSettings(sessionId, changes)), json);
                return ExitCodes.OK;
            } catch (RelayErrorException e) {
                if (e.code() == ErrorCode.INVALID_SETTINGS && e.getMessage().contains("not a Roo setting")) {
                    throw new RelayErrorException(
                            e.code(),
                            e.getMessage() + " 'roo-agent settings keys' lists every key with its type.",
                            e.requestId(),
                            e.sessionId());
                }
                throw e;
            }
        }

        static Map<String, JsonNode> parse(List<String> assignments) {
            Map<String, JsonNode> changes = new LinkedHashMap<>();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("'" + assignment + "' is not KEY=VALUE (e.g. alwaysAllowWrite=true)");
                }
                String key = assignment.substring(0, eq).strip();
                String raw = assignment.substring(eq + 1);
                JsonNode value;
                try {
                    value = RooJson.parse(raw);
                } catch (IllegalArgumentException e) {
                    value = RooJson.nodes().textNode(raw);
                }
                changes.put(key, value);
            }
            return changes;
        }
    }

    @Command(
            name = "keys",
            mixinStandardHelpOptions = true,
            description = {
                "List the settings keys Roo knows, with the type of each value (KEY TYPE, one a line).",
                "%nThe keys of Roo Code " + RooSettingsSchema.ROO_VERSION + "'s settings schema, which the relay"
                        + " checks 'settings set' against. Needs no relay."
            })
    static final class Keys implements Callable<Integer> {
        @ParentCommand
        SettingsCommand parent;

        @Override
        public Integer call() {
            Table table = new Table("KEY", "TYPE");
            for (String key : RooSettingsSchema.keys()) {
                table.row(key, RooSettingsSchema.type(key).orElseThrow().name().toLowerCase(Locale.ROOT));
            }
            table.print(parent.agent.out());
            return ExitCodes.OK;
        }
    }

    static void print(RooAgent agent, AckResult.Profiles profiles, boolean json) {
        if (json) {
            ObjectNode out = RooJson.object();
            out.put("session", profiles.sessionId());
            out.set("profiles", RooJson.toTree(profiles.profiles()));
            if (profiles.active() == null) {
                out.putNull("active");
            } else {
                out.put("active", profiles.active());
            }
            agent.out().println(RooJson.write(out));
            return;
        }
        if (profiles.profiles().isEmpty()) {
            agent.err().println("Roo in " + profiles.sessionId() + " has no provider profiles.");
            return;
        }
        Table table = new Table("ACTIVE", "PROFILE", "PROVIDER", "MODEL");
        for (AckResult.ProviderProfile profile : profiles.profiles()) {
            table.row(
                    profile.name().equals(profiles.active()) ? "*" : "",
                    profile.name(),
                    profile.apiProvider(),
                    profile.modelId());
        }
        table.print(agent.out());
    }

    @Command(
            name = "profiles",
            mixinStandardHelpOptions = true,
            description = {
                "List Roo's provider profiles (provider and model; never a key); * marks the active one.",
                "%nNeeds a session with Roo's bridge (roo-remote-bridge)."
            })
    static final class Profiles implements Callable<Integer> {
        @ParentCommand
        SettingsCommand parent;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--session", required = true, paramLabel = "SESSION", description = "The session.")
        String sessionId;

        @Option(names = "--json", description = "Print {session, profiles, active} as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (RelayClient client = connection.connect(parent.agent)) {
                print(parent.agent, Commands.await(client.profiles(sessionId)), json);
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "use-profile",
            mixinStandardHelpOptions = true,
            description = {
                "Make NAME Roo's active provider profile, now and for every task the relay starts (needs the admin"
                        + " role); prints the profiles.",
                "%nNeeds a session with Roo's bridge (roo-remote-bridge). 'settings profiles' lists the names."
            })
    static final class UseProfile implements Callable<Integer> {
        @ParentCommand
        SettingsCommand parent;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--session", required = true, paramLabel = "SESSION", description = "The session.")
        String sessionId;

        @Option(names = "--json", description = "Print {session, profiles, active} as JSON.")
        boolean json;

        @Parameters(index = "0", paramLabel = "NAME", description = "The provider profile's name.")
        String name;

        @Override
        public Integer call() throws Exception {
            if (name.isBlank()) {
                throw new UsageException("NAME is empty: say which provider profile ('settings profiles' lists them)");
            }
            try (RelayClient client = connection.connect(parent.agent)) {
                print(parent.agent, Commands.await(client.useProfile(sessionId, name)), json);
                return ExitCodes.OK;
            }
        }
    }
}
