package dev.rooremote.console.fx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The one way view-models run work and get its result back on the UI thread. Production uses
 * {@link FxUiExecutor}; view-model tests use {@link #sameThread()} so callbacks run at once.
 */
public interface UiExecutor {

    /** Runs {@code action} on the UI thread: now when already on it, otherwise soon. */
    void runOnUi(Runnable action);

    /** Runs blocking work off the UI thread. */
    <T> CompletableFuture<T> supplyInBackground(java.util.concurrent.Callable<T> work);

    /**
     * Delivers the outcome of {@code future} on the UI thread: {@code onSuccess} with its value or
     * {@code onFailure} with the unwrapped cause.
     */
    default <T> void whenDone(CompletableFuture<T> future, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        future.whenComplete((value, error) -> runOnUi(() -> {
            if (error == null) {
                onSuccess.accept(value);
            } else {
                onFailure.accept(unwrap(error));
            }
        }));
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Everything on the calling thread: for view-model tests. */
    static UiExecutor sameThread() {
        return new UiExecutor() {
            @Override
            public void runOnUi(Runnable action) {
                action.run();
            }

            @Override
            public <T> CompletableFuture<T> supplyInBackground(java.util.concurrent.Callable<T> work) {
                try {
                    return CompletableFuture.completedFuture(work.call());
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        };
    }
}
