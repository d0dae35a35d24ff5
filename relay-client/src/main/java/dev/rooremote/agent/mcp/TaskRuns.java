package dev.rooremote.agent.mcp;

import dev.rooremote.client.AskPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task each session is followed for: at most one {@link TaskRun} a session, since a client watches
 * a session once. Starting or following another task of the session ends the run before it. The ask
 * policy a task was started with stays with it when it is followed again (after an answer, a resume).
 */
final class TaskRuns {

    private final Relay relay;
    private final TaskChanges changes;
    private final Map<String, TaskRun> runs = new ConcurrentHashMap<>();
    private final Map<String, AskPolicy> policies = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    TaskRuns(Relay relay, TaskChanges changes) {
        this.relay = relay;
        this.changes = changes;
    }

    /** The relay the runs follow their tasks through. */
    Relay relay() {
        return relay;
    }

    /** Starts a task in the session and follows it; returns its id. */
    String start(String sessionId, String prompt, List<String> images, String mode, AskPolicy policy)
            throws InterruptedException {
        synchronized (lock(sessionId)) {
            replace(sessionId);
            TaskRun run = new TaskRun(relay.client(), sessionId, policy, changes);
            runs.put(sessionId, run);
            String taskId;
            try {
                taskId = relay.await(run.start(prompt, images, mode));
            } catch (RuntimeException | InterruptedException e) {
                forget(sessionId, run);
                throw e;
            }
            policies.put(taskId, policy);
            return taskId;
        }
    }

    /** The run that follows the task: the one there is while it has no outcome yet, else a new one. */
    TaskRun follow(String sessionId, String taskId) throws InterruptedException {
        synchronized (lock(sessionId)) {
            TaskRun current = runs.get(sessionId);
            if (current != null
                    && taskId.equals(current.taskId())
                    && !current.outcome().isDone()) {
                return current;
            }
            replace(sessionId);
            TaskRun run = new TaskRun(
                    relay.client(), sessionId, policies.getOrDefault(taskId, AskPolicy.stopOnFollowup()), changes);
            runs.put(sessionId, run);
            try {
                relay.await(run.follow(taskId));
            } catch (RuntimeException | InterruptedException e) {
                forget(sessionId, run);
                throw e;
            }
            return run;
        }
    }

    private void replace(String sessionId) throws InterruptedException {
        TaskRun old = runs.remove(sessionId);
        if (old != null) {
            old.end();
            relay.await(relay.client().unsubscribe(sessionId));
        }
    }

    private void forget(String sessionId, TaskRun run) {
        runs.remove(sessionId, run);
        run.end();
        relay.client().unsubscribe(sessionId);
    }

    private Object lock(String sessionId) {
        return locks.computeIfAbsent(sessionId, id -> new Object());
    }
}
