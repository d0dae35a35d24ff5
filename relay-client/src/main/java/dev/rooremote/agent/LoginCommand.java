package dev.rooremote.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Log in once and store the relay's URL, fingerprint and a refresh token.",
            "%nThe credentials go to $XDG_CONFIG_HOME/roo-remote/agent.json (or $ROO_AGENT_CONFIG), readable by you only; later commands use them. Without --fingerprint, login shows the relay certificate's fingerprint and asks whether to trust it: compare it with the one the relay printed ('roo-relay fingerprint' on the relay's machine).",
            "%nThe relay is stored under a name (--relay, else the name it already has, else its host name) beside any other relays you logged in to, and becomes the current one: commands without --relay use it. 'roo-agent relays' lists them."
        })
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    RooAgent agent;

    @Mixin
    LoginOptions login;

    @Option(
            names = "--relay",
            paramLabel = "NAME",
            description = "Store this relay under NAME (default: the name it is stored under, else its host name).")
    String relay;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = agent.config();
        StoredRelays relays = config.readAll();
        String url = login.url.trim();
        AgentConfig.Stored sameUrl = relays.byUrl(url).orElse(null);
        String name;
        if (relay != null) {
            name = StoredRelays.checkName(relay);
            if (sameUrl != null && !sameUrl.name().equalsIgnoreCase(name)) {
                throw new UsageException("the relay at " + url + " is already stored as '" + sameUrl.name()
                        + "': log in with --relay " + sameUrl.name() + ", or remove it first ('roo-agent relays"
                        + " remove " + sameUrl.name() + "')");
            }
            name = relays.named(name).map(AgentConfig.Stored::name).orElse(name);
        } else {
            name = sameUrl != null ? sameUrl.name() : relays.freeNameFor(url);
        }
        AgentConfig.Stored stored = login.logIn(agent, name);
        if (stored == null) {
            return ExitCodes.AUTHENTICATION;
        }
        config.locked(() -> {
            config.writeAll(config.readAll().put(stored).use(stored.name()));
            return null;
        });
        agent.err()
                .println("Logged in to " + url + " as " + stored.user()
                        + (stored.role() == null ? "" : " (" + stored.role() + ")") + "; saved in " + config.file()
                        + " as the relay '" + stored.name() + "'");
        return ExitCodes.OK;
    }
}
