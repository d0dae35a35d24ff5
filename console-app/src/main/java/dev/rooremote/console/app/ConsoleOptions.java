package dev.rooremote.console.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Command line and environment of {@code roo-console}. A URL given here is connected at start,
 * without the connect dialog, when credentials are given too.
 */
public record ConsoleOptions(
        String url, String user, String password, String token, String fingerprint, Path configDir, Theme theme) {

    public static final String HELP = String.join(
            "\n",
            "Usage: roo-console [--url URL] [--user NAME] [--fingerprint SHA256] [--config-dir DIR]",
            "                   [--theme system|light|dark] [--help] [--version]",
            "",
            "The Roo Remote console: watch and drive Roo sessions of one or more relays.",
            "",
            "Options:",
            "  --url URL           relay to connect to at start (wss://HOST:PORT; ws:// only to 127.0.0.1)",
            "  --user NAME         user to sign in as (the password comes from ROO_CONSOLE_PASSWORD)",
            "  --fingerprint FP    the relay's certificate SHA-256 fingerprint, trusted without asking",
            "  --config-dir DIR    where saved connections live (default: $XDG_CONFIG_HOME/roo-remote",
            "                      or ~/.config/roo-remote)",
            "  --theme THEME       system (default), light or dark",
            "  --help              show this help and exit",
            "  --version           show the console's version and exit",
            "",
            "Environment:",
            "  ROO_CONSOLE_URL, ROO_CONSOLE_USER, ROO_CONSOLE_FINGERPRINT  as the options above",
            "  ROO_CONSOLE_PASSWORD  the password for --user (never pass it on the command line)",
            "  ROO_CONSOLE_TOKEN     a refresh or agent token instead of a password",
            "",
            "Exit codes: 0 closed normally, 2 bad command line, 3 no display available.");

    /** Thrown for a bad command line; the message names the option and the fix. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** True when the console should connect at start without asking. */
    public boolean autoConnect() {
        return url != null && ((user != null && password != null) || token != null);
    }

    /** Whether {@code args} ask for the version (which, like --help, needs no display). */
    public static boolean wantsVersion(String[] args) {
        return java.util.Arrays.asList(args).contains("--version");
    }

    /** Reads {@code args} over the environment; {@code null} means --help was asked for. */
    public static ConsoleOptions parse(String[] args, Map<String, String> env) throws UsageException {
        String url = env.get("ROO_CONSOLE_URL");
        String user = env.get("ROO_CONSOLE_USER");
        String fingerprint = env.get("ROO_CONSOLE_FINGERPRINT");
        String configDir = null;
        String theme = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help":
                case "-h":
                    return null;
                case "--version":
                    continue;
                case "--url":
                case "--user":
                case "--fingerprint":
                case "--config-dir":
                case "--theme":
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new UsageException(arg + " needs a value, e.g. " + arg + " " + example(arg));
                        }
                        value = args[++i];
                    }
                    break;
                case "--password":
                    throw new UsageException(
                            "--password is not accepted (other users could read it); set ROO_CONSOLE_PASSWORD instead");
                default:
                    throw new UsageException("unknown option '" + arg + "'; see roo-console --help");
            }
            switch (arg) {
                case "--url":
                    url = value;
                    break;
                case "--user":
                    user = value;
                    break;
                case "--fingerprint":
                    fingerprint = value;
                    break;
                case "--config-dir":
                    configDir = value;
                    break;
                default:
                    theme = value;
            }
        }
        Theme parsedTheme;
        try {
            parsedTheme = Theme.parse(theme);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--theme: " + e.getMessage());
        }
        if (url != null && !(url.startsWith("wss://") || url.startsWith("ws://"))) {
            throw new UsageException("--url must start with wss:// (got '" + url + "')");
        }
        return new ConsoleOptions(
                blank(url),
                blank(user),
                blank(env.get("ROO_CONSOLE_PASSWORD")) == null ? null : env.get("ROO_CONSOLE_PASSWORD"),
                blank(env.get("ROO_CONSOLE_TOKEN")),
                blank(fingerprint),
                configDir == null ? null : Path.of(configDir),
                parsedTheme);
    }

    private static String example(String option) {
        switch (option) {
            case "--url":
                return "wss://127.0.0.1:8443";
            case "--user":
                return "alice";
            case "--fingerprint":
                return "AB:CD:...";
            case "--config-dir":
                return "/tmp/console";
            default:
                return "dark";
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
