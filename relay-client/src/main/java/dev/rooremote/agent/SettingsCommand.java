package dev.rooremote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.client.RelayClient;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.roo.RooJson;
import java.util.LinkedHashMap;
import java.util.List;
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
            "Read or change a session's settings profile.",
            "%nMode, provider, auto-approval, allowed commands, ...: the relay sends the profile to Roo with every new task. Secret values (API keys) are never shown."
        },
        subcommands = {SettingsCommand.Get.class, SettingsCommand.Set.class})
final class SettingsCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Override
    public Integer call() {
        throw new UsageException("say 'settings get --session S' or 'settings set --session S KEY=VALUE...'");
    }

    static void print(RooAgent agent, AckResult.Settings settings, boolean json) {
        if (json) {
            ObjectNode out = RooJson.object();
            out.put("session", settings.sessionId());
            out.set("settings", RooJson.toTree(settings.settings()));
            out.set("secrets", RooJson.toTree(settings.secrets()));
            agent.out().println(RooJson.write(out));
            return;
        }
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
                        + " otherwise."
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
}
