package dev.rooremote.relay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.CommandInfo;
import dev.rooremote.protocol.roo.ModeInfo;
import dev.rooremote.protocol.roo.QueuedMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.protocol.roo.TokenUsage;
import dev.rooremote.relay.demo.DemoTask.Answer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo Roo's tasks, played on one thread so events keep the order Roo Code 3.52.1 gives them:
 *
 * <ul>
 *   <li>A new task aborts the previous one ({@code taskUnfocused}, {@code taskAborted}), then comes
 *       {@code taskCreated}, {@code taskFocused}, the prompt, token usage and {@code taskStarted}.
 *   <li>Each turn of the model is one API request: {@code api_req_started}, streamed reasoning and text
 *       (repeated updates carrying the whole text so far), then one tool. The request's
 *       {@code api_req_started} is updated with its tokens and cost when the model's stream ends, after
 *       the tool's ask has appeared: before a followup or file edit is ready, after a command ask, after
 *       the final ask {@code completion_result}.
 *   <li>{@code taskTokenUsageUpdated} is throttled: at most one per interval, only when usage changed.
 *   <li>An ask Roo approves itself gets {@code taskAskResponded} at once (a file edit first an update with
 *       {@code isAnswered}); an ask left open gets {@code taskInteractive}/{@code taskIdle}/
 *       {@code taskResumable} a while later. A command's output is an ask {@code command_output}, which
 *       Roo answers itself, and a streamed say {@code command_output} under the same {@code ts}.
 *   <li>A finished task ends with an ask {@code completion_result} and no {@code taskCompleted}.
 *   <li>Cancel aborts and reloads the task under the same id as a new instance, with no tool usage, and
 *       asks {@code resume_task}, leaving the half-streamed message unfinished; ResumeTask of the current
 *       task reloads it the same way, the new instance created before the old one is aborted.
 * </ul>
 *
 * <p>The prompt picks the scenario ({@link DemoScenarios}). A StartNewTask's configuration stays in force
 * for later tasks, as Roo applies it to its settings. A message sent while the task is busy is queued, and
 * the queue drains as the answer to the next ask, approving a tool or command (Zoo-Code#998), which is why
 * the relay never sends one then.
 */
final class DemoEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoEngine.class);
    private static final int MAX_TASKS = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    static final List<ModeInfo> MODES = List.of(
            new ModeInfo("architect", "🏗️ Architect"),
            new ModeInfo("code", "💻 Code"),
            new ModeInfo("ask", "❓ Ask"),
            new ModeInfo("debug", "🪲 Debug"),
            new ModeInfo("orchestrator", "🪃 Orchestrator"));

    private static final List<CommandInfo> COMMANDS = List.of(
            new CommandInfo(
                    "init",
                    "built-in",
                    "<built-in:init>",
                    "Analyze codebase and create concise AGENTS.md files for AI assistants",
                    null,
                    null),
            new CommandInfo("review", "project", ".roo/commands/review.md", "Review the staged changes", null, null));

    final DemoRoo.Timing timing;
    private final Consumer<TaskEvent> broadcast;
    private final BiConsumer<String, TaskEvent> reply;
    final ScheduledExecutorService executor;
    private final Map<String, DemoTask> tasks = new LinkedHashMap<>();
    private final List<QueuedMessage> queue = new ArrayList<>();
    /** Roo's settings and provider profiles. */
    private final DemoSettings settings = new DemoSettings();

    private final DemoScenarios scenarios = new DemoScenarios(this, settings);
    private final DemoBridgeAnswers bridge = new DemoBridgeAnswers(this, settings);

    private DemoTask current;
    /** Bumped whenever the current script must stop (abort, cancel, new task). */
    private long generation;

    private long lastTs;

    DemoEngine(DemoRoo.Timing timing, Consumer<TaskEvent> broadcast, BiConsumer<String, TaskEvent> reply) {
        this.timing = timing;
        this.broadcast = broadcast;
        this.reply = reply;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-roo-engine");
            thread.setDaemon(true);
            return thread;
        });
    }

    void submit(String clientId, TaskCommand command) {
        try {
            executor.execute(() -> {
                try {
                    handle(clientId, command);
                } catch (RuntimeException e) {
                    LOG.error("demo Roo failed on {}", command.commandName(), e);
                }
            });
        } catch (RejectedExecutionException closed) {
            // the demo Roo is stopping: like a Roo that is gone, it takes no more commands
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ commands

    private void handle(String clientId, TaskCommand command) {
        if (command instanceof TaskCommand.StartNewTask start) {
            startTask(start);
        } else if (command instanceof TaskCommand.CancelTask) {
            cancel();
        } else if (command instanceof TaskCommand.ResumeTask resume) {
            resume(resume.taskId());
        } else if (command instanceof TaskCommand.SendMessage message) {
            sendMessage(message);
        } else if (command instanceof TaskCommand.DeleteQueuedMessage delete) {
            if (current != null && queue.removeIf(q -> q.id().equals(delete.messageId()))) {
                publishQueue();
            }
        } else if (command instanceof TaskCommand.GetModes) {
            reply.accept(clientId, new TaskEvent.ModesResponse(MODES));
        } else if (command instanceof TaskCommand.GetCommands) {
            reply.accept(clientId, new TaskEvent.CommandsResponse(COMMANDS));
        } else if (command instanceof TaskCommand.GetModels) {
            reply.accept(clientId, new TaskEvent.ModelsResponse(models()));
        }
        // CloseTask closes the VS Code window; a headless demo has none, so, like Roo's CLI host, it does nothing.
    }

    private void startTask(TaskCommand.StartNewTask start) {
        leaveCurrent();
        settings.applyTaskConfiguration(start.configuration());
        DemoTask task = new DemoTask(timeOrderedId(), start.text(), DemoScenarios.of(start.text()));
        task.usageEvents = usageEvents();
        tasks.put(task.id, task);
        forgetOldTasks();
        current = task;
        DemoScript script = new DemoScript(this, task);
        script.step(timing.stepDelay(), () -> {
            lifecycle(RooEventName.TASK_CREATED, task);
            lifecycle(RooEventName.TASK_FOCUSED, task);
            ClineMessage prompt = ClineMessage.say(nextTs(), SayKind.TEXT, start.text(), null);
            if (start.images() != null && !start.images().isEmpty()) {
                prompt = withField(prompt, "images", RooJson.toTree(start.images()));
            }
            emit(task, TaskEvent.MessageEvent.CREATED, prompt);
            reportUsage(task);
            lifecycle(RooEventName.TASK_STARTED, task);
        });
        scenarios.play(task, script);
        script.play();
    }

    /** Keeps the demo's memory bounded on a long-running relay: the oldest tasks can no longer be resumed. */
    private void forgetOldTasks() {
        var it = tasks.keySet().iterator();
        while (tasks.size() > MAX_TASKS && it.hasNext()) {
            String id = it.next();
            if (current == null || !id.equals(current.id)) {
                it.remove();
            }
        }
    }

    private void cancel() {
        DemoTask task = current;
        if (task == null) {
            return;
        }
        stopScript(task);
        queue.clear();
        task.usageEvents.flush();
        lifecycle(RooEventName.TASK_ABORTED, task);
        // Reloading a task that had finished, Roo asks to resume it as an unfinished one and counts none of
        // its requests.
        reload(task, AskKind.RESUME_TASK, task.completed, null);
    }

    private void resume(String taskId) {
        DemoTask task = tasks.get(taskId);
        if (task == null) {
            return; // the real extension does not answer an unknown id either
        }
        AskKind ask = task.completed ? AskKind.RESUME_COMPLETED_TASK : AskKind.RESUME_TASK;
        if (task == current) {
            // Roo reloads the current task in place: never unfocused, aborted once the new instance exists.
            stopScript(task);
            queue.clear();
            ChangeThrottle<TaskEvent.TokenUsageUpdated> oldUsage = task.usageEvents;
            reload(task, ask, false, () -> {
                oldUsage.flush();
                lifecycle(RooEventName.TASK_ABORTED, task);
            });
            return;
        }
        leaveCurrent();
        current = task;
        reload(task, ask, false, null);
    }

    private void sendMessage(TaskCommand.SendMessage message) {
        DemoTask task = current;
        if (task == null) {
            return;
        }
        String text = message.text() == null ? "" : message.text();
        List<String> images = message.images() == null ? List.of() : message.images();
        if (task.openAsk != null) {
            Answer answer = task.onAnswer;
            boolean stateEventSent = task.stateEventSent;
            clearAsk(task);
            if (stateEventSent) {
                lifecycle(RooEventName.TASK_ACTIVE, task);
            }
            answer.answered(text, images);
            return;
        }
        // Roo is busy: the message waits in the queue and answers the next ask.
        queue.add(new QueuedMessage(UUID.randomUUID().toString(), text, images, now()));
        publishQueue();
    }

    /** Aborts the current task, if any, as StartNewTask and ResumeTask of another task do. */
    private void leaveCurrent() {
        DemoTask previous = current;
        if (previous == null) {
            return;
        }
        stopScript(previous);
        queue.clear();
        lifecycle(RooEventName.TASK_UNFOCUSED, previous);
        previous.usageEvents.flush();
        lifecycle(RooEventName.TASK_ABORTED, previous);
        current = null;
    }

    private void stopScript(DemoTask task) {
        generation++;
        clearAsk(task);
        if (task.openRequestTs != 0) {
            // Roo marks the request it abandons as cancelled, so it never reads as still in progress.
            emit(
                    task,
                    TaskEvent.MessageEvent.UPDATED,
                    ClineMessage.say(
                            task.openRequestTs, SayKind.API_REQ_STARTED, DemoMessages.requestCancelled(), null));
            task.openRequestTs = 0;
        }
    }

    /**
     * Roo reloads a task from its history as a new instance under the same id, then asks to resume it.
     *
     * @param forgetsUsage whether the new instance counts none of the task's requests
     * @param abortOldInstance what happens between the new instance's {@code taskCreated} and
     *     {@code taskFocused}, or null
     */
    private void reload(DemoTask task, AskKind ask, boolean forgetsUsage, Runnable abortOldInstance) {
        DemoScript script = new DemoScript(this, task);
        script.step(timing.stepDelay(), () -> {
            lifecycle(RooEventName.TASK_CREATED, task);
            if (abortOldInstance != null) {
                abortOldInstance.run();
            }
            lifecycle(RooEventName.TASK_FOCUSED, task);
            task.reloaded();
            task.usageEvents = usageEvents();
            if (forgetsUsage) {
                task.usageEvents.report(task.usageEvent(new TokenUsage(0, 0, 0L, 0L, 0, 0)));
                task.forgetUsage();
            }
            reportUsage(task);
        });
        script.step(timing.stepDelay(), () -> {
            ClineMessage resumeAsk = ClineMessage.ask(nextTs(), ask, null, null);
            emit(task, TaskEvent.MessageEvent.CREATED, resumeAsk);
            waitFor(task, resumeAsk, (text, images) -> {
                askResponded(task);
                userFeedback(task, text, images);
                task.completed = false;
                lifecycle(RooEventName.TASK_STARTED, task);
                DemoScript next = new DemoScript(this, task);
                next.apiRequest();
                next.stream(
                        SayKind.TEXT,
                        AskKind.RESUME_TASK.equals(ask)
                                ? "Picking up where I left off, keeping it short this time."
                                : "Sure, I'll add that on top of what I did before.");
                next.complete("Resumed and finished: " + DemoMessages.summarize(text));
                next.play();
            });
        });
        script.play();
    }

    /** The demo's side of its bridge. */
    DemoBridgeAnswers bridge() {
        return bridge;
    }

    /** The task Roo has open now, or null. */
    DemoTask current() {
        return current;
    }

    // ------------------------------------------------------------------ asks

    void waitFor(DemoTask task, ClineMessage ask, Answer onAnswer) {
        task.openAsk = ask;
        task.onAnswer = onAnswer;
        task.stateEventSent = false;
        if (!queue.isEmpty()) {
            drainQueueInto(task);
            return;
        }
        RooEventName stateEvent =
                switch (ask.askCategory()) {
                    case IDLE -> RooEventName.TASK_IDLE;
                    case RESUMABLE -> RooEventName.TASK_RESUMABLE;
                    default -> RooEventName.TASK_INTERACTIVE;
                };
        long gen = generation;
        task.stateEvent = executor.schedule(
                () -> {
                    if (gen == generation && task.openAsk == ask) {
                        task.stateEventSent = true;
                        lifecycle(stateEvent, task);
                    }
                },
                timing.stateEventDelay().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A message queued while Roo was busy answers the next ask, approving a tool or command (Zoo-Code#998). */
    private void drainQueueInto(DemoTask task) {
        QueuedMessage queued = queue.remove(0);
        publishQueue();
        Answer answer = task.onAnswer;
        ClineMessage ask = task.openAsk;
        clearAsk(task);
        if (AskKind.TOOL.equals(ask.ask()) || AskKind.COMMAND.equals(ask.ask())) {
            task.approvedByQueue = true;
        }
        answer.answered(queued.text(), queued.images() == null ? List.of() : queued.images());
    }

    void clearAsk(DemoTask task) {
        if (task.stateEvent != null) {
            task.stateEvent.cancel(false);
            task.stateEvent = null;
        }
        task.openAsk = null;
        task.onAnswer = null;
        task.stateEventSent = false;
    }

    void userFeedback(DemoTask task, String text, List<String> images) {
        ClineMessage feedback = withField(
                ClineMessage.say(nextTs(), SayKind.USER_FEEDBACK, text, null), "images", RooJson.toTree(images));
        emit(task, TaskEvent.MessageEvent.CREATED, feedback);
    }

    // ------------------------------------------------------------------ events

    void lifecycle(RooEventName name, DemoTask task) {
        broadcast.accept(new TaskEvent.TaskLifecycleEvent(name, task.id));
    }

    void askResponded(DemoTask task) {
        broadcast.accept(new TaskEvent.TaskAskResponded(task.id));
    }

    void emit(DemoTask task, String action, ClineMessage message) {
        broadcast.accept(new TaskEvent.MessageEvent(task.id, action, message));
    }

    /** Roo's usage events go out at most once per interval (2 s in the real extension, as its state events). */
    private ChangeThrottle<TaskEvent.TokenUsageUpdated> usageEvents() {
        return new ChangeThrottle<>(executor, timing.stateEventDelay(), broadcast);
    }

    void reportUsage(DemoTask task) {
        task.usageEvents.report(task.usageEvent());
    }

    private void publishQueue() {
        if (current != null) {
            broadcast.accept(new TaskEvent.QueuedMessagesUpdated(current.id, List.copyOf(queue)));
        }
    }

    long nextTs() {
        lastTs = Math.max(now(), lastTs + 1);
        return lastTs;
    }

    /** Bumped whenever the current task is left: scripts of an earlier generation stop playing. */
    long generation() {
        return generation;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    // ------------------------------------------------------------------ helpers

    static ClineMessage notProtected(ClineMessage ask) {
        return withField(ask, "isProtected", RooJson.nodes().booleanNode(false));
    }

    static ClineMessage withField(ClineMessage message, String field, JsonNode value) {
        ObjectNode tree = RooJson.mapper().valueToTree(message);
        tree.set(field, value);
        return RooJson.convert(tree, ClineMessage.class);
    }

    private static ObjectNode models() {
        ObjectNode models = RooJson.object();
        ObjectNode model = models.putObject("demo-model");
        model.put("maxTokens", 8192);
        model.put("contextWindow", 128_000);
        model.put("supportsImages", true);
        model.put("supportsPromptCache", false);
        model.put("inputPrice", 3.0);
        model.put("outputPrice", 15.0);
        model.put("description", "The demo Roo's simulated model");
        return models;
    }

    /** A time-ordered id shaped like Roo's task ids (UUID version 7). */
    static String timeOrderedId() {
        long millis = System.currentTimeMillis();
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
