package dev.rooremote.relay.cli;

/** The footer every command's --help shows. */
final class ExitCodes {
    static final String HEADING = "%nExit codes:%n";
    static final String OK = "  0  success";
    static final String FAILURE = "  1  runtime failure (the message says what failed)";
    static final String USAGE = "  2  bad usage (the message names the option)";

    private ExitCodes() {}
}
