package dev.rooremote.relay.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** {@code roo-relay}: entry point of the relay's jar. */
public final class RelayMain {

    private RelayMain() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = commandLine(System.in, out, err).execute(args);
        out.flush();
        err.flush();
        if (code != 0 || !ServeCommand.servedUntilStopped()) {
            System.exit(code);
        }
    }

    /** The whole command tree, reading passwords from {@code in} and writing to {@code out}/{@code err}. */
    public static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new RelayCommand(in));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("roo-relay: " + message(e));
            return e instanceof UsageException || e instanceof IllegalArgumentException ? 2 : 1;
        });
        return commandLine;
    }

    private static String message(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
