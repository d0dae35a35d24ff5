package dev.rooremote.relay.session;

import dev.rooremote.protocol.roo.TaskEvent;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Roo resends the whole text of a streaming message every ~40 ms with a few words more. One event per
 * update would cost clients far more than the text itself, so a message's streaming updates are logged
 * at most once per {@link SessionOptions#streamInterval()}: the latest update is held and replaced by
 * newer ones until the interval since the message's last logged update has passed. Any other event of
 * the session logs the held update first ({@link #flush()}), and the message's final update supersedes
 * it, so order is kept and the final text is exact. When events wait in the queue the held update also
 * waits for them, so a backlog of updates is folded into one even with no interval.
 *
 * <p>Confined to the session thread.
 */
final class StreamThrottle {

    private final ScheduledExecutorService thread;
    private final Duration interval;
    private final Consumer<TaskEvent.MessageEvent> sink;

    /** A streaming update held back for the stream interval: the next update of the message supersedes it. */
    private TaskEvent.MessageEvent heldUpdate;
    /** Whether a task to log {@link #heldUpdate} is queued or scheduled on the session thread. */
    private boolean releaseQueued;
    // The message whose streaming update was logged last, and when (System.nanoTime()).
    private String streamedTaskId;
    private long streamedTs;
    private long streamedAt;

    /**
     * @param thread the session thread
     * @param sink where message events go once they are due, in order
     */
    StreamThrottle(ScheduledExecutorService thread, Duration interval, Consumer<TaskEvent.MessageEvent> sink) {
        this.thread = thread;
        this.interval = interval;
        this.sink = sink;
    }

    /** Passes a message event on, holding it back if it is a streaming update. */
    void offer(TaskEvent.MessageEvent event) {
        if (!event.isCreated() && event.message().isPartial()) {
            hold(event);
            return;
        }
        if (isHeld(event.taskId(), event.message().ts())) {
            heldUpdate = null; // Roo resends the whole message: the newer event supersedes the held update
        }
        flush();
        log(event);
    }

    /** Passes the held update on now: something else is about to be logged after it. */
    void flush() {
        TaskEvent.MessageEvent held = heldUpdate;
        if (held != null) {
            heldUpdate = null;
            log(held);
        }
    }

    private void hold(TaskEvent.MessageEvent update) {
        if (heldUpdate != null && !isHeld(update.taskId(), update.message().ts())) {
            flush();
        }
        heldUpdate = update;
        if (!releaseQueued) {
            releaseQueued = true;
            releaseWhenDue();
        }
    }

    private boolean isHeld(String taskId, long ts) {
        TaskEvent.MessageEvent held = heldUpdate;
        return held != null && held.taskId().equals(taskId) && held.message().ts() == ts;
    }

    /** Logs the held update once its message's interval has passed; otherwise looks again when it will have. */
    private void releaseWhenDue() {
        TaskEvent.MessageEvent held = heldUpdate;
        long wait = 0;
        if (held != null
                && held.taskId().equals(streamedTaskId)
                && held.message().ts() == streamedTs) {
            wait = streamedAt + interval.toNanos() - System.nanoTime();
        }
        try {
            if (wait > 0) {
                thread.schedule(this::releaseWhenDue, wait, TimeUnit.NANOSECONDS);
            } else {
                thread.execute(() -> {
                    releaseQueued = false;
                    flush();
                });
            }
        } catch (RejectedExecutionException e) {
            releaseQueued = false;
            flush();
        }
    }

    private void log(TaskEvent.MessageEvent event) {
        if (event.message().isPartial()) {
            streamedTaskId = event.taskId();
            streamedTs = event.message().ts();
            streamedAt = System.nanoTime();
        }
        sink.accept(event);
    }
}
