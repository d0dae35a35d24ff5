package dev.rooremote.relay;

import java.time.Duration;

/**
 * The thread that keeps one link up (to Roo, to its bridge): it runs a loop until closed, waits between
 * attempts with {@link #pause}, which closing cuts short, and on close stops the loop, closing the
 * current link first so that a loop blocked on it wakes up.
 */
public final class Supervisor {

    private static final long JOIN_MILLIS = 5_000;

    private final Object lock = new Object();
    private final String name;
    private volatile boolean closed;
    private Thread thread;

    /** @param name the thread's name, e.g. {@code roo-endpoint demo-1} */
    public Supervisor(String name) {
        this.name = name;
    }

    /** Runs {@code loop} on a daemon thread; a supervisor starts once. */
    public void start(Runnable loop) {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException(name + " is already started");
            }
            thread = new Thread(loop, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Waits up to {@code delay}, returning early when the supervisor closes. */
    public void pause(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The wait after {@code delay}: twice as long, at most {@code max}. */
    public static Duration doubled(Duration delay, Duration max) {
        Duration twice = delay.multipliedBy(2);
        return twice.compareTo(max) > 0 ? max : twice;
    }

    /**
     * Stops the loop: marks it closed, wakes a pause, runs {@code closeLink}, then interrupts the thread
     * and waits a few seconds for it. Returns false when it was closed already.
     */
    public boolean close(Runnable closeLink) {
        Thread running;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            lock.notifyAll();
            running = thread;
        }
        closeLink.run();
        if (running != null) {
            running.interrupt();
            try {
                running.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }
}
