package dev.rooremote.relay.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a password from standard input: its first line, without the line break. */
final class Passwords {
    private Passwords() {}

    static String readFirstLine(InputStream in) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new UsageException(
                        "--password-stdin read no password: pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | roo-relay ...");
            }
            return line;
        } catch (IOException e) {
            throw new UsageException("cannot read the password from standard input: " + e.getMessage());
        }
    }
}
