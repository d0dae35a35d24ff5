package dev.rooremote.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's three threads: the event thread that owns all of the client's state and runs every
 * callback, the connector that makes blocking connection attempts and HTTP calls off it, and a
 * timer whose tasks hop onto one of the two.
 */
final class EventLoop {

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ThreadPoolExecutor events;
    private final ThreadPoolExecutor connector;
    private final ScheduledThreadPoolExecutor timer;
    private volatile Thread eventThread;

    EventLoop() {
        int n = INSTANCES.incrementAndGet();
        ThreadFactory eventThreads = daemon("roo-relay-client-" + n + "-events");
        this.events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = eventThreads.newThread(r);
            eventThread = t;
            return t;
        });
        this.connector = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("roo-relay-client-" + n + "-connect"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("roo-relay-client-" + n + "-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} on the event thread; a task that throws is logged, a closed client drops it. */
    void execute(Runnable task) {
        try {
            events.execute(() -> safely(task));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "client closed; dropping a task");
        }
    }

    /** Runs blocking work (connecting, refreshing a token, closing a socket) on the connector thread. */
    void connect(Runnable task) {
        connector.execute(task);
    }

    /** Runs {@code task} on the event thread after {@code millis}. */
    ScheduledFuture<?> later(long millis, Runnable task) {
        return timer.schedule(() -> execute(task), millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the connector thread after {@code millis}. */
    ScheduledFuture<?> connectLater(long millis, Runnable task) {
        return timer.schedule(() -> connect(task), millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the event thread every {@code millis}, the first time after one period. */
    ScheduledFuture<?> every(long millis, Runnable task) {
        return timer.scheduleAtFixedRate(() -> execute(task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The event thread as an executor, for publishers whose subscribers run there. */
    Executor events() {
        return events;
    }

    private boolean onEventThread() {
        return Thread.currentThread() == eventThread;
    }

    /**
     * Runs {@code last} on the event thread, waits for it (up to five seconds, unless called from the
     * event thread itself), then stops the timer and the connector; the event thread finishes what
     * it was given before.
     */
    void shutdown(Runnable last) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        events.execute(() -> {
            try {
                last.run();
            } finally {
                done.complete(null);
            }
        });
        if (!onEventThread()) {
            try {
                done.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing took too long", e);
            }
        }
        timer.shutdownNow();
        connector.shutdownNow();
        events.shutdown();
    }

    static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a relay client callback failed", e);
        }
    }

    static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static ThreadFactory daemon(String name) {
        ThreadFactory base = Executors.defaultThreadFactory();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(name);
            t.setDaemon(true);
            return t;
        };
    }
}
