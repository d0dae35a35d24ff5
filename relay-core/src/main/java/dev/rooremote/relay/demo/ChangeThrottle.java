package dev.rooremote.relay.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Passes on the latest of the values reported to it, at most once per interval, and only when it differs
 * from the last value passed on: the first report goes at once, later ones wait for the end of the
 * interval. This is how Roo throttles {@code taskTokenUsageUpdated} (a 2 s throttle, leading and
 * trailing, that skips unchanged usage). {@link #flush()} passes a waiting value on at once, as Roo does
 * when a task is aborted.
 *
 * <p>Confined to the thread of {@code executor}, which must run one task at a time.
 */
final class ChangeThrottle<T> {

    private final ScheduledExecutorService executor;
    private final long intervalNanos;
    private final Consumer<? super T> out;

    private T last;
    private T waiting;
    private long lastSentNanos;
    private boolean sentOnce;
    private ScheduledFuture<?> timer;

    ChangeThrottle(ScheduledExecutorService executor, Duration interval, Consumer<? super T> out) {
        this.executor = executor;
        this.intervalNanos = interval.toNanos();
        this.out = out;
    }

    void report(T value) {
        waiting = value;
        if (timer != null) {
            return;
        }
        long wait = sentOnce ? lastSentNanos + intervalNanos - System.nanoTime() : 0;
        if (wait <= 0) {
            send();
        } else {
            timer = executor.schedule(this::send, wait, TimeUnit.NANOSECONDS);
        }
    }

    void flush() {
        if (timer != null) {
            timer.cancel(false);
            send();
        }
    }

    private void send() {
        timer = null;
        T value = waiting;
        waiting = null;
        lastSentNanos = System.nanoTime();
        sentOnce = true;
        if (value != null && !Objects.equals(value, last)) {
            last = value;
            out.accept(value);
        }
    }
}
