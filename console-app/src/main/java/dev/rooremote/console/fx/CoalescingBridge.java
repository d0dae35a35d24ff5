package dev.rooremote.console.fx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries items from network threads to the UI thread in batches: items are collected off the UI
 * thread and one pending flush per pulse hands them over in order. A stream of 200 updates a second
 * thus costs the UI thread about 25 short runs a second instead of 200.
 *
 * <p>The buffer is bounded. If the UI thread falls so far behind that it fills, the pending items are
 * dropped and the next batch is marked {@code overflowed}: the receiver re-reads the state from the
 * relay (whose event log has everything), so nothing shown is lost.
 */
public final class CoalescingBridge<T> {

    /** What the UI thread receives. */
    public record Batch<T>(List<T> items, boolean overflowed) {}

    private final Consumer<Batch<T>> sink;
    private final UiExecutor ui;
    private final ScheduledExecutorService timer;
    private final long pulseNanos;
    private final int capacity;

    private final Object lock = new Object();
    private List<T> pending = new ArrayList<>();
    private boolean overflowed;
    private boolean scheduled;

    public CoalescingBridge(
            Consumer<Batch<T>> sink, UiExecutor ui, ScheduledExecutorService timer, Duration pulse, int capacity) {
        this.sink = Objects.requireNonNull(sink);
        this.ui = Objects.requireNonNull(ui);
        this.timer = Objects.requireNonNull(timer);
        this.pulseNanos = pulse.toNanos();
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Queues an item from any thread. */
    public void offer(T item) {
        boolean schedule;
        synchronized (lock) {
            if (pending.size() >= capacity) {
                pending = new ArrayList<>();
                overflowed = true;
            }
            pending.add(item);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            timer.schedule(() -> ui.runOnUi(this::flush), pulseNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Number of items waiting for the next flush. */
    public int pending() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** Hands everything pending to the sink; runs on the UI thread. */
    public void flush() {
        List<T> items;
        boolean lost;
        synchronized (lock) {
            items = pending;
            lost = overflowed;
            pending = new ArrayList<>();
            overflowed = false;
            scheduled = false;
        }
        if (!items.isEmpty() || lost) {
            sink.accept(new Batch<>(items, lost));
        }
    }
}
