package dev.rooremote.protocol.relay;

/** Token usage and cost of a task so far, as Roo last reported it. */
public record Tokens(long in, long out, long cacheWrites, long cacheReads, double cost, long contextTokens) {

    public static final Tokens ZERO = new Tokens(0, 0, 0, 0, 0, 0);

    public Tokens {
        if (in < 0 || out < 0 || cacheWrites < 0 || cacheReads < 0 || cost < 0 || contextTokens < 0) {
            throw new IllegalArgumentException("token counts and cost cannot be negative");
        }
    }
}
