package dev.rooremote.relay.cli;

/** A command was given wrong options; exit code 2. The message names the option and the fix. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
