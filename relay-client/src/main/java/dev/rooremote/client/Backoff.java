package dev.rooremote.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: doubling from an initial delay up to a cap, each drawn at random from its
 * upper half ("equal jitter"), so clients that lost the same relay do not all return at once.
 */
final class Backoff {

    private Backoff() {}

    static Duration delay(int failedAttempts, Duration initial, Duration max) {
        long ceiling = ceiling(failedAttempts, initial, max);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** The largest delay for this attempt (before jitter). */
    static long ceiling(int failedAttempts, Duration initial, Duration max) {
        long delay = initial.toMillis();
        for (int i = 0; i < failedAttempts && delay < max.toMillis(); i++) {
            delay *= 2;
        }
        return Math.min(delay, max.toMillis());
    }
}
