package dev.rooremote.agent;

import dev.rooremote.client.RelayClient;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code roo-agent}: dispatch Roo tasks through a relay and review their results from scripts and
 * AI agents. Results go to standard output, progress and errors to standard error.
 */
@Command(
        name = "roo-agent",
        mixinStandardHelpOptions = true,
        versionProvider = RooAgent.Version.class,
        description = {
            "Drive Roo Code through a roo-relay from scripts and AI agents.",
            "%nList sessions, run tasks and wait for their outcome, answer Roo's questions, and read transcripts. Log in once with 'roo-agent login' (more relays: 'roo-agent relays add'; choose one with --relay NAME), or pass an agent token with --token or $ROO_RELAY_TOKEN. Results go to standard output; progress and errors to standard error."
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  ROO_RELAY_URL          the relay, wss://HOST:PORT",
            "  ROO_RELAY_TOKEN        an agent token (roo-relay token create)",
            "  ROO_RELAY_FINGERPRINT  the relay certificate's SHA-256 fingerprint",
            "  ROO_AGENT_CONFIG       where 'login' and 'relays' store the relays and their logins",
            "                         (default: $XDG_CONFIG_HOME/roo-remote/agent.json)"
        })
public final class RooAgent implements Callable<Integer> {

    /**
     * The subcommands by name, in the order help lists them. Only the one a command line names is built
     * (picocli reads every option of every command it is given, which costs a short command a good part
     * of its start-up); help and anything unknown get them all. The names are written out so that
     * finding the named one reads no other command's annotations; each is its {@code @Command} name.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "login", LoginCommand.class,
            "relays", RelaysCommand.class,
            "sessions", SessionsCommand.class,
            "status", StatusCommand.class,
            "run", RunCommand.class,
            "send", SendCommand.class,
            "approve", ApproveCommand.class,
            "deny", DenyCommand.class,
            "cancel", CancelCommand.class,
            "resume", ResumeCommand.class,
            "watch", WatchCommand.class,
            "history", HistoryCommand.class,
            "transcript", TranscriptCommand.class,
            "settings", SettingsCommand.class,
            "mcp", McpCommand.class,
            "help", CommandLine.HelpCommand.class);

    private static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Console console;
    private BufferedReader stdinReader;

    RooAgent(Map<String, String> env, PrintStream out, PrintStream err, InputStream in, Console console) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.in = in;
        this.console = console;
    }

    public static void main(String[] args) {
        // picocli registers converters for java.sql and java.time types by reflection on every start;
        // no option here needs one (durations have their own), and loading them is start-up time.
        if (System.getProperty(PICOCLI_CONVERTER_EXCLUDES) == null) {
            System.setProperty(PICOCLI_CONVERTER_EXCLUDES, ".*");
        }
        // The session list goes over HTTPS with the client's own trust; the JVM's default TLS set-up
        // (the whole CA store) is then never needed, so it is not built up front.
        DeferredDefaultTls.install();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = execute(args, System.getenv(), out, err, System.in, System.console());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (see {@link ExitCodes}). */
    static int execute(
            String[] args, Map<String, String> env, PrintStream out, PrintStream err, InputStream in, Console console) {
        RooAgent agent = new RooAgent(env, out, err, in, console);
        CommandLine cli = new CommandLine(agent);
        Class<?> named = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(args[0], named);
        } else {
            for (Map.Entry<String, Class<?>> subcommand : SUBCOMMANDS.entrySet()) {
                cli.addSubcommand(subcommand.getKey(), subcommand.getValue());
            }
        }
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        applyExitCodeHelp(cli);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = ExitCodes.of(e);
            err.println("roo-agent: " + ExitCodes.message(e));
            if (code == ExitCodes.USAGE) {
                err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            return code;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine source = e.getCommandLine();
            err.println("roo-agent: " + e.getMessage());
            err.println("Run '" + source.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        Map<String, Class<?>> subcommands = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            subcommands.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(subcommands);
    }

    private static void applyExitCodeHelp(CommandLine cli) {
        cli.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.describe());
        for (CommandLine sub : cli.getSubcommands().values()) {
            applyExitCodeHelp(sub);
        }
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, err);
        return ExitCodes.USAGE;
    }

    String env(String name) {
        return env.get(name);
    }

    AgentConfig config() {
        return AgentConfig.locate(env);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Console console() {
        return console;
    }

    /** Standard input, for a command that reads it as a stream (mcp). */
    InputStream in() {
        return in;
    }

    /** One line of standard input (null at its end); the reader is shared so nothing read ahead is lost. */
    String readLine() throws IOException {
        if (stdinReader == null) {
            stdinReader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return stdinReader.readLine();
    }

    /** All of standard input. */
    String readAll() throws IOException {
        if (stdinReader == null) {
            stdinReader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        int n;
        while ((n = stdinReader.read(buffer)) >= 0) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"roo-agent " + RelayClient.VERSION + " (relay protocol v1)"};
        }
    }
}
