package dev.rooremote.agent.mcp;

/** A tool was called with an argument that is missing, of the wrong type, or out of range. */
final class BadArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String argument;

    BadArgumentException(String argument, String problem) {
        super("argument '" + argument + "': " + problem);
        this.argument = argument;
    }

    String argument() {
        return argument;
    }
}
