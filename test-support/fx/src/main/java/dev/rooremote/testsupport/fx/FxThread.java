package dev.rooremote.testsupport.fx;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;

/**
 * The JavaFX application thread for tests, benchmarks and screenshot programs: starts the toolkit once,
 * runs work on the FX thread and waits for it, and polls a condition there. Never call it from the FX
 * thread itself.
 */
public final class FxThread {

    /** Work for the FX thread that may throw. */
    @FunctionalInterface
    public interface FxCall<T> {
        T call() throws Exception;
    }

    /** Work for the FX thread with no result. */
    @FunctionalInterface
    public interface FxRun {
        void run() throws Exception;
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static boolean started;

    private FxThread() {}

    /** Starts the JavaFX toolkit, once per JVM; the toolkit stays up when the last window closes. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException alreadyRunning) {
            up.countDown();
        }
        await(up);
        Platform.setImplicitExit(false);
        started = true;
    }

    /** Runs {@code call} on the FX thread and returns its result; its exception is thrown here. */
    public static <T> T call(FxCall<T> call) {
        start();
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("FxThread.call waits for the FX thread: call it from another thread");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the FX thread did not run the work within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code run} on the FX thread and waits for it. */
    public static void run(FxRun run) {
        call(() -> {
            run.run();
            return null;
        });
    }

    /** Waits until {@code condition}, checked on the FX thread, holds; fails after a minute. */
    public static void until(BooleanSupplier condition) {
        until(condition, Duration.ofMinutes(1));
    }

    /** Waits until {@code condition}, checked on the FX thread, holds; fails after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!call(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not there within " + timeout);
            }
            sleep(50);
        }
    }

    /** Waits until the FX thread has handled everything queued so far, and what that queued in turn. */
    public static void drain() {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> Platform.runLater(done::countDown));
        await(done);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the FX thread did not answer within " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
