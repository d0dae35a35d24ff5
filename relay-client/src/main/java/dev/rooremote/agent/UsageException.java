package dev.rooremote.agent;

/** A command line that cannot work: the message names the bad option and the fix (exit code 2). */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
