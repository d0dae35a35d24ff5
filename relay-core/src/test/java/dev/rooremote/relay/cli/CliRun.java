package dev.rooremote.relay.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One {@code roo-relay} command run in this JVM: its exit code and what it printed. */
record CliRun(int code, String out, String err) {

    /** Runs {@code args} with {@code stdin} as its input. */
    static CliRun run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RelayMain.commandLine(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
