package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.relay.RelayException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The start_task and resume_task requests waiting for Roo to create their task. Roo names no request
 * in its taskCreated, so new tasks answer starts in the order they were sent; a reopened task answers
 * the resumes of its id. Each waits at most the start timeout.
 *
 * <p>Confined to the session thread.
 */
final class TaskWaiters {

    private final ScheduledExecutorService thread;
    private final Duration timeout;
    private final Deque<Waiter> starts = new ArrayDeque<>();
    private final Map<String, List<Waiter>> resumes = new HashMap<>();

    TaskWaiters(ScheduledExecutorService thread, Duration timeout) {
        this.thread = thread;
        this.timeout = timeout;
    }

    /** Sends a start with {@code send}, then waits for the next new task to complete {@code result}. */
    void awaitStart(CompletableFuture<AckResult> result, String prompt, Runnable send) {
        Waiter waiter = new Waiter(result, prompt, "start the task");
        await(waiter, () -> starts.add(waiter), () -> starts.remove(waiter), send);
    }

    /** Sends a resume with {@code send}, then waits for Roo to reopen {@code taskId}. */
    void awaitResume(CompletableFuture<AckResult> result, String taskId, Runnable send) {
        Waiter waiter = new Waiter(result, null, "reopen task " + taskId);
        await(
                waiter,
                () -> resumes.computeIfAbsent(taskId, id -> new ArrayList<>()).add(waiter),
                () -> removeResume(taskId, waiter),
                send);
    }

    /** Registers the waiter, sends, and arms its timeout; a failed send leaves nothing waiting. */
    private void await(Waiter waiter, Runnable add, Runnable remove, Runnable send) {
        add.run();
        try {
            send.run();
        } catch (RelayException e) {
            remove.run();
            throw e;
        }
        arm(waiter, remove);
    }

    /** The oldest waiting start, which a new task answers, or null; see {@link #created}. */
    Waiter takeStart() {
        return starts.poll();
    }

    /** Roo created {@code taskId}: answers {@code start} (if any) and whoever waits to reopen it. */
    void created(String taskId, Waiter start) {
        if (start != null) {
            start.complete(new AckResult.TaskStarted(taskId));
        }
        List<Waiter> resumers = resumes.remove(taskId);
        if (resumers != null) {
            resumers.forEach(w -> w.complete(new AckResult.TaskStarted(taskId)));
        }
    }

    void failAll(RelayException e) {
        List<Waiter> all = new ArrayList<>(starts);
        resumes.values().forEach(all::addAll);
        starts.clear();
        resumes.clear();
        all.forEach(w -> w.fail(e));
    }

    private void removeResume(String taskId, Waiter waiter) {
        List<Waiter> waiters = resumes.get(taskId);
        if (waiters != null) {
            waiters.remove(waiter);
            if (waiters.isEmpty()) {
                resumes.remove(taskId);
            }
        }
    }

    private void arm(Waiter waiter, Runnable onTimeout) {
        long millis = timeout.toMillis();
        waiter.timeout = thread.schedule(
                () -> {
                    onTimeout.run();
                    waiter.fail(new RelayException(
                            ErrorCode.TIMEOUT,
                            "Roo did not " + waiter.what + " within " + millis + " ms; check the session's Roo",
                            new TimeoutException()));
                },
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** A request waiting for Roo to create a task. */
    static final class Waiter {
        private final CompletableFuture<AckResult> result;
        private final String prompt;
        private final String what;
        private ScheduledFuture<?> timeout;

        private Waiter(CompletableFuture<AckResult> result, String prompt, String what) {
            this.result = result;
            this.prompt = prompt;
            this.what = what;
        }

        /** The start's text, which becomes the new task's first message. */
        String prompt() {
            return prompt;
        }

        private void complete(AckResult value) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            result.complete(value);
        }

        private void fail(RelayException e) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            result.completeExceptionally(e);
        }
    }
}
