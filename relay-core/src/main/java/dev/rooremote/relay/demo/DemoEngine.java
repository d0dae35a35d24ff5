package dev.rooremote.relay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.AskCategory;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.CommandInfo;
import dev.rooremote.protocol.roo.ModeInfo;
import dev.rooremote.protocol.roo.QueuedMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.protocol.roo.TokenUsage;
import dev.rooremote.protocol.roo.ToolStats;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo Roo's tasks, played on one thread so events keep the order the real extension gives them.
 * The sequences follow the recordings of the real extension: a new task aborts the previous one; text
 * streams as repeated updates carrying the whole text so far; an ask Roo approves itself is updated
 * with {@code isAnswered} and followed by {@code taskAskResponded} at once, while an ask left open gets
 * {@code taskInteractive}/{@code taskIdle}/{@code taskResumable} a while later; a finished task ends
 * with an ask {@code completion_result} and no {@code taskCompleted}; cancel aborts, reloads the task
 * under the same id and asks {@code resume_task}, leaving the half-streamed message unfinished.
 *
 * <p>The prompt picks the scenario: "followup" (or "question") asks a followup question with
 * suggestions, "command" asks to run a command and shows its output, "long" streams a long reply
 * ("long 20000" for about 20,000 characters), anything else reasons, proposes a file edit with a diff
 * and completes. Auto-approval in the task's configuration ({@code autoApprovalEnabled} with
 * {@code alwaysAllowWrite} or {@code alwaysAllowExecute} and {@code allowedCommands}) lets the demo
 * approve its own asks, as Roo does. A message sent while the task is busy is queued, and the queue
 * drains as the answer to the next ask, approving it (Zoo-Code#998), which is why the relay never sends
 * one then.
 */
final class DemoEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoEngine.class);
    private static final int CHUNK_CODE_POINTS = 16;
    private static final int DEFAULT_LONG_CHARS = 6_000;
    private static final int MAX_LONG_CHARS = 200_000;
    private static final int MAX_TASKS = 200;
    private static final Pattern LONG_LENGTH = Pattern.compile("long\\D{0,12}(\\d{2,6})");
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

    enum Scenario {
        EDIT,
        FOLLOWUP,
        COMMAND,
        LONG
    }

    /** Something to do when the open ask is answered with a typed message. */
    private interface Answer {
        void answered(String text, List<String> images);
    }

    private final DemoRoo.Timing timing;
    private final Consumer<TaskEvent> broadcast;
    private final BiConsumer<String, TaskEvent> reply;
    private final ScheduledExecutorService executor;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final List<QueuedMessage> queue = new ArrayList<>();
    private Task current;
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
        executor.execute(() -> {
            try {
                handle(clientId, command);
            } catch (RuntimeException e) {
                LOG.error("demo Roo failed on {}", command.commandName(), e);
            }
        });
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
        Task task = new Task(timeOrderedId(), start.text(), scenarioOf(start.text()), start.configuration());
        tasks.put(task.id, task);
        forgetOldTasks();
        current = task;
        Script script = new Script(task);
        script.step(timing.stepDelay(), () -> {
            lifecycle(RooEventName.TASK_CREATED, task);
            lifecycle(RooEventName.TASK_FOCUSED, task);
            ClineMessage prompt = ClineMessage.say(nextTs(), SayKind.TEXT, start.text(), null);
            if (start.images() != null && !start.images().isEmpty()) {
                prompt = withField(prompt, "images", RooJson.toTree(start.images()));
            }
            emit(task, TaskEvent.MessageEvent.CREATED, prompt);
            tokens(task);
            lifecycle(RooEventName.TASK_STARTED, task);
        });
        scenario(task, script);
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
        Task task = current;
        if (task == null) {
            return;
        }
        stopScript(task);
        lifecycle(RooEventName.TASK_ABORTED, task);
        reload(task, AskKind.RESUME_TASK);
    }

    private void resume(String taskId) {
        Task task = tasks.get(taskId);
        if (task == null) {
            return; // the real extension does not answer an unknown id either
        }
        leaveCurrent();
        current = task;
        reload(task, task.completed ? AskKind.RESUME_COMPLETED_TASK : AskKind.RESUME_TASK);
    }

    private void sendMessage(TaskCommand.SendMessage message) {
        Task task = current;
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
        queue.add(new QueuedMessage(UUID.randomUUID().toString(), text, images.isEmpty() ? null : images, now()));
        publishQueue();
    }

    /** Aborts the current task, if any, as StartNewTask and ResumeTask do. */
    private void leaveCurrent() {
        Task previous = current;
        if (previous == null) {
            return;
        }
        stopScript(previous);
        queue.clear();
        lifecycle(RooEventName.TASK_UNFOCUSED, previous);
        lifecycle(RooEventName.TASK_ABORTED, previous);
        current = null;
    }

    private void stopScript(Task task) {
        generation++;
        clearAsk(task);
    }

    /** Roo reloads a task from its history: created again under its id, then a resume ask. */
    private void reload(Task task, AskKind ask) {
        Script script = new Script(task);
        script.step(timing.stepDelay(), () -> {
            lifecycle(RooEventName.TASK_CREATED, task);
            lifecycle(RooEventName.TASK_FOCUSED, task);
            tokens(task);
        });
        script.step(timing.stepDelay(), () -> {
            ClineMessage resumeAsk = ClineMessage.ask(nextTs(), ask, null, null);
            emit(task, TaskEvent.MessageEvent.CREATED, resumeAsk);
            waitFor(task, resumeAsk, (text, images) -> {
                askResponded(task);
                userFeedback(task, text, images);
                task.completed = false;
                lifecycle(RooEventName.TASK_STARTED, task);
                Script next = new Script(task);
                next.apiRequest();
                next.stream(
                        SayKind.TEXT,
                        AskKind.RESUME_TASK.equals(ask)
                                ? "Picking up where I left off, keeping it short this time."
                                : "Sure, I'll add that on top of what I did before.");
                next.finishRequest();
                completion(task, next, "Resumed and finished: " + summarize(text));
                next.play();
            });
        });
        script.play();
    }

    // ------------------------------------------------------------------ scenarios

    private void scenario(Task task, Script s) {
        switch (task.scenario) {
            case FOLLOWUP -> {
                s.apiRequest();
                s.stream(SayKind.TEXT, "Before I write the greeting file I need one detail.");
                s.finishRequest();
                s.followup(
                        "Which language should the greeting file be in?",
                        List.of("English", "German", "French"),
                        (answer, images) -> {
                            Script next = new Script(task);
                            next.apiRequest();
                            next.stream(
                                    SayKind.TEXT,
                                    "Got the answer (" + summarize(answer) + "). Writing the greeting file now.");
                            next.finishRequest();
                            editFile(
                                    task,
                                    next,
                                    "greeting.txt",
                                    "newFileCreated",
                                    "--- /dev/null\n+++ greeting.txt\n@@ -0,0 +1,1 @@\n+Greeting in: "
                                            + summarize(answer) + "\n",
                                    1,
                                    0);
                            next.play();
                        });
            }
            case COMMAND -> {
                s.apiRequest();
                s.stream(SayKind.TEXT, "I'll run the project's tests to see where things stand.");
                s.finishRequest();
                s.command("npm test");
            }
            case LONG -> {
                s.apiRequest();
                s.stream(SayKind.REASONING, "The user wants a long, detailed explanation. I'll structure it in parts.");
                s.stream(SayKind.TEXT, longText(task.prompt));
                s.finishRequest();
                completion(task, s, "I wrote the long explanation above.");
            }
            case EDIT -> {
                s.apiRequest();
                s.stream(
                        SayKind.REASONING,
                        "The README lacks a usage section. A short example of starting the relay will help new"
                                + " users; I'll add it after the introduction.");
                s.stream(SayKind.TEXT, "I'll add a short usage section to README.md.");
                s.finishRequest();
                editFile(
                        task,
                        s,
                        "README.md",
                        "editedExistingFile",
                        "@@ -3,3 +3,8 @@\n Roo Remote drives Roo Code from another machine.\n \n+## Usage\n+\n+"
                                + "    roo-relay serve --data-dir ~/.roo-relay --demo 2\n+\n+Then open the console.\n"
                                + " ## License\n",
                        5,
                        0);
            }
        }
    }

    /** A write tool ask with a diff; then completion, or a reply to the rejection. */
    private void editFile(Task task, Script s, String path, String tool, String diff, int added, int removed) {
        ObjectNode json = RooJson.object();
        json.put("tool", tool);
        json.put("path", path);
        json.put("content", diff);
        json.put("isOutsideWorkspace", false);
        json.put("isProtected", false);
        ObjectNode stats = json.putObject("diffStats");
        stats.put("added", added);
        stats.put("removed", removed);
        boolean auto = task.allows(RooSettings.Keys.ALWAYS_ALLOW_WRITE);
        s.approval(
                AskKind.TOOL,
                RooJson.write(json),
                auto,
                () -> {
                    task.use("write_to_file");
                    Script next = new Script(task);
                    next.apiRequest();
                    next.stream(SayKind.TEXT, "Saved " + path + ".");
                    next.finishRequest();
                    completion(task, next, "I updated " + path + " (" + added + " lines added).");
                    next.play();
                },
                feedback -> {
                    Script next = new Script(task);
                    next.apiRequest();
                    next.stream(SayKind.TEXT, "Understood, I left " + path + " unchanged.");
                    next.finishRequest();
                    completion(task, next, "No changes made to " + path + ", as you asked.");
                    next.play();
                });
    }

    private void completion(Task task, Script s, String result) {
        s.apiRequest();
        s.stream(SayKind.COMPLETION_RESULT, result);
        s.finishRequest();
        s.step(timing.stepDelay(), () -> {
            task.use("attempt_completion");
            ClineMessage ask = ClineMessage.ask(nextTs(), AskKind.COMPLETION_RESULT, "", null);
            emit(task, TaskEvent.MessageEvent.CREATED, ask);
            task.completed = true;
            tokens(task);
            waitFor(task, ask, (text, images) -> {
                askResponded(task);
                userFeedback(task, text, images);
                task.completed = false;
                Script next = new Script(task);
                next.apiRequest();
                next.stream(SayKind.TEXT, "Thanks for the feedback: " + summarize(text));
                next.finishRequest();
                completion(task, next, result);
                next.play();
            });
        });
    }

    // ------------------------------------------------------------------ asks

    private void waitFor(Task task, ClineMessage ask, Answer onAnswer) {
        task.openAsk = ask;
        task.onAnswer = onAnswer;
        task.stateEventSent = false;
        if (!queue.isEmpty() && ask.askCategory() == AskCategory.INTERACTIVE) {
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

    /** A message queued while Roo was busy answers the next ask (Zoo-Code#998). */
    private void drainQueueInto(Task task) {
        QueuedMessage queued = queue.remove(0);
        publishQueue();
        Answer answer = task.onAnswer;
        ClineMessage ask = task.openAsk;
        clearAsk(task);
        if (ask.askCategory() == AskCategory.INTERACTIVE && !AskKind.FOLLOWUP.equals(ask.ask())) {
            task.approvedByQueue = true;
        }
        answer.answered(queued.text(), queued.images() == null ? List.of() : queued.images());
    }

    private void clearAsk(Task task) {
        if (task.stateEvent != null) {
            task.stateEvent.cancel(false);
            task.stateEvent = null;
        }
        task.openAsk = null;
        task.onAnswer = null;
        task.stateEventSent = false;
    }

    private void userFeedback(Task task, String text, List<String> images) {
        ClineMessage feedback = withField(
                ClineMessage.say(nextTs(), SayKind.USER_FEEDBACK, text, null), "images", RooJson.toTree(images));
        emit(task, TaskEvent.MessageEvent.CREATED, feedback);
    }

    // ------------------------------------------------------------------ events

    private void lifecycle(RooEventName name, Task task) {
        broadcast.accept(new TaskEvent.TaskLifecycleEvent(name, task.id));
    }

    private void askResponded(Task task) {
        broadcast.accept(new TaskEvent.TaskAskResponded(task.id));
    }

    private void emit(Task task, String action, ClineMessage message) {
        task.messages.put(message.ts(), message);
        broadcast.accept(new TaskEvent.MessageEvent(task.id, action, message));
    }

    private void tokens(Task task) {
        broadcast.accept(new TaskEvent.TokenUsageUpdated(task.id, task.usage(), task.tools()));
    }

    private void publishQueue() {
        if (current != null) {
            broadcast.accept(new TaskEvent.QueuedMessagesUpdated(current.id, List.copyOf(queue)));
        }
    }

    private long nextTs() {
        lastTs = Math.max(now(), lastTs + 1);
        return lastTs;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    // ------------------------------------------------------------------ scripts

    /**
     * Steps played one after another on the engine thread. A script stops as soon as the task is
     * aborted, cancelled or replaced, so a cancelled stream is left unfinished like Roo leaves it.
     */
    private final class Script {
        private final Task task;
        private final List<Step> steps = new ArrayList<>();
        /** The api_req_started message of the request in progress and the characters it generated. */
        private long requestTs;

        private int requestChars;

        Script(Task task) {
            this.task = task;
        }

        void step(Duration delay, Runnable action) {
            steps.add(new Step(delay, action));
        }

        void apiRequest() {
            step(timing.thinkDelay(), () -> {
                requestTs = nextTs();
                requestChars = 0;
                emit(
                        task,
                        TaskEvent.MessageEvent.CREATED,
                        ClineMessage.say(requestTs, SayKind.API_REQ_STARTED, "{\"apiProtocol\":\"openai\"}", null));
            });
        }

        void finishRequest() {
            step(timing.stepDelay(), () -> {
                long in = 9_700L + task.prompt.length() / 4 + task.turns * 240L;
                long out = Math.max(1, requestChars / 4);
                double cost = (in * 3.0 + out * 15.0) / 1_000_000;
                task.turns++;
                task.tokensIn += in;
                task.tokensOut += out;
                task.cost += cost;
                task.context = in + out;
                ObjectNode info = RooJson.object();
                info.put("apiProtocol", "openai");
                info.put("tokensIn", in);
                info.put("tokensOut", out);
                info.put("cacheWrites", 0);
                info.put("cacheReads", 0);
                info.put("cost", cost);
                emit(
                        task,
                        TaskEvent.MessageEvent.UPDATED,
                        ClineMessage.say(requestTs, SayKind.API_REQ_STARTED, RooJson.write(info), null));
                tokens(task);
            });
        }

        /** A message streamed as Roo streams it: created partial, updates with the whole text so far, final. */
        void stream(SayKind kind, String text) {
            long[] ts = new long[1];
            int[] ends = prefixEnds(text);
            boolean startsEmpty = SayKind.COMPLETION_RESULT.equals(kind);
            step(timing.stepDelay(), () -> {
                ts[0] = nextTs();
                String first = startsEmpty ? "" : text.substring(0, ends[0]);
                emit(task, TaskEvent.MessageEvent.CREATED, ClineMessage.say(ts[0], kind, first, true));
            });
            for (int i = startsEmpty ? 0 : 1; i < ends.length; i++) {
                int end = ends[i];
                step(
                        timing.chunkDelay(),
                        () -> emit(
                                task,
                                TaskEvent.MessageEvent.UPDATED,
                                ClineMessage.say(ts[0], kind, text.substring(0, end), true)));
            }
            step(timing.chunkDelay(), () -> {
                requestChars += text.length();
                emit(task, TaskEvent.MessageEvent.UPDATED, ClineMessage.say(ts[0], kind, text, false));
            });
        }

        void followup(String question, List<String> suggestions, Answer onAnswer) {
            long[] ts = new long[1];
            step(timing.stepDelay(), () -> {
                ts[0] = nextTs();
                emit(task, TaskEvent.MessageEvent.CREATED, ClineMessage.ask(ts[0], AskKind.FOLLOWUP, "", true));
            });
            for (int end : prefixEnds(question)) {
                step(
                        timing.chunkDelay(),
                        () -> emit(
                                task,
                                TaskEvent.MessageEvent.UPDATED,
                                ClineMessage.ask(ts[0], AskKind.FOLLOWUP, question.substring(0, end), true)));
            }
            step(timing.chunkDelay(), () -> {
                ObjectNode json = RooJson.object();
                json.put("question", question);
                ArrayNode suggest = json.putArray("suggest");
                for (String answer : suggestions) {
                    suggest.addObject().put("answer", answer).putNull("mode");
                }
                task.use("ask_followup_question");
                ClineMessage ask = ClineMessage.ask(ts[0], AskKind.FOLLOWUP, RooJson.write(json), false);
                emit(task, TaskEvent.MessageEvent.UPDATED, ask);
                waitFor(task, ask, (text, images) -> {
                    askResponded(task);
                    userFeedback(task, text, images);
                    onAnswer.answered(text, images);
                });
            });
        }

        /**
         * A tool or command approval: approved at once when the task's auto-approval covers it, otherwise
         * left open until a typed message rejects it with feedback.
         */
        void approval(AskKind kind, String text, boolean autoApproved, Runnable onApproved, Consumer<String> onDenied) {
            long[] ts = new long[1];
            boolean streamed = AskKind.TOOL.equals(kind);
            if (streamed) {
                step(timing.stepDelay(), () -> {
                    ts[0] = nextTs();
                    emit(task, TaskEvent.MessageEvent.CREATED, ClineMessage.ask(ts[0], kind, text, true));
                });
            }
            step(streamed ? timing.chunkDelay() : timing.stepDelay(), () -> {
                if (!streamed) {
                    ts[0] = nextTs();
                }
                ClineMessage ask = ClineMessage.ask(ts[0], kind, text, streamed ? Boolean.FALSE : null);
                emit(task, streamed ? TaskEvent.MessageEvent.UPDATED : TaskEvent.MessageEvent.CREATED, ask);
                if (autoApproved) {
                    approve(ask, onApproved);
                    return;
                }
                task.approvedByQueue = false;
                waitFor(task, ask, (feedback, images) -> {
                    if (task.approvedByQueue) {
                        task.approvedByQueue = false;
                        approve(ask, onApproved);
                        userFeedback(task, feedback, images);
                        return;
                    }
                    askResponded(task);
                    userFeedback(task, feedback, images);
                    onDenied.accept(feedback);
                });
            });
        }

        private void approve(ClineMessage ask, Runnable onApproved) {
            emit(
                    task,
                    TaskEvent.MessageEvent.UPDATED,
                    withField(ask, "isAnswered", RooJson.nodes().booleanNode(true)));
            askResponded(task);
            onApproved.run();
        }

        void command(String command) {
            boolean auto = task.allows(RooSettings.Keys.ALWAYS_ALLOW_EXECUTE) && task.commandAllowed(command);
            approval(
                    AskKind.COMMAND,
                    command,
                    auto,
                    () -> {
                        task.use("execute_command");
                        Script next = new Script(task);
                        next.stream(
                                SayKind.COMMAND_OUTPUT,
                                "\n> demo@1.0.0 test\n> node --test\n\n✔ parses the config (0.9ms)\n"
                                        + "✔ streams deltas (1.4ms)\n✔ refuses stale asks (0.6ms)\nℹ tests 3\n"
                                        + "ℹ pass 3\nℹ fail 0\n");
                        next.apiRequest();
                        next.stream(SayKind.TEXT, "All three tests pass.");
                        next.finishRequest();
                        completion(task, next, "Ran `" + command + "`: 3 tests, all passing.");
                        next.play();
                    },
                    feedback -> {
                        Script next = new Script(task);
                        next.apiRequest();
                        next.stream(SayKind.TEXT, "OK, I won't run `" + command + "`.");
                        next.finishRequest();
                        completion(task, next, "Did not run `" + command + "`, as you asked.");
                        next.play();
                    });
        }

        void play() {
            playFrom(0, generation);
        }

        private void playFrom(int index, long gen) {
            if (index >= steps.size()) {
                return;
            }
            Step step = steps.get(index);
            executor.schedule(
                    () -> {
                        if (gen != generation) {
                            return;
                        }
                        try {
                            step.action.run();
                        } catch (RuntimeException e) {
                            LOG.error("demo Roo script failed", e);
                            return;
                        }
                        playFrom(index + 1, gen);
                    },
                    step.delay.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    private record Step(Duration delay, Runnable action) {}

    /** A task the demo knows, with its history, so ResumeTask can reload it. */
    private static final class Task {
        final String id;
        final String prompt;
        final Scenario scenario;
        final RooSettings config;
        final Map<Long, ClineMessage> messages = new LinkedHashMap<>();
        final Map<String, ToolStats> tools = new LinkedHashMap<>();
        long tokensIn;
        long tokensOut;
        double cost;
        long context;
        int turns;
        boolean completed;
        ClineMessage openAsk;
        Answer onAnswer;
        boolean stateEventSent;
        boolean approvedByQueue;
        ScheduledFuture<?> stateEvent;

        Task(String id, String prompt, Scenario scenario, RooSettings config) {
            this.id = id;
            this.prompt = prompt;
            this.scenario = scenario;
            this.config = config;
        }

        TokenUsage usage() {
            return new TokenUsage(tokensIn, tokensOut, 0L, 0L, cost, context);
        }

        Map<String, ToolStats> tools() {
            return Map.copyOf(tools);
        }

        void use(String tool) {
            ToolStats old = tools.getOrDefault(tool, new ToolStats(0, 0));
            tools.put(tool, new ToolStats(old.attempts() + 1, old.failures()));
        }

        boolean allows(String key) {
            return config.autoApprovalEnabled().orElse(false)
                    && config.bool(key).orElse(false);
        }

        boolean commandAllowed(String command) {
            List<String> denied = config.deniedCommands().orElse(List.of());
            List<String> allowed = config.allowedCommands().orElse(List.of());
            boolean isDenied = denied.stream().anyMatch(prefix -> !prefix.isEmpty() && command.startsWith(prefix));
            boolean isAllowed = allowed.stream().anyMatch(prefix -> "*".equals(prefix) || command.startsWith(prefix));
            return isAllowed && !isDenied;
        }
    }

    // ------------------------------------------------------------------ helpers

    static Scenario scenarioOf(String prompt) {
        String text = prompt.toLowerCase(Locale.ROOT);
        if (text.contains("followup") || text.contains("question")) {
            return Scenario.FOLLOWUP;
        }
        if (text.contains("command")) {
            return Scenario.COMMAND;
        }
        if (text.contains("long")) {
            return Scenario.LONG;
        }
        return Scenario.EDIT;
    }

    /**
     * Where the growing prefixes a stream sends end, cut at code point boundaries. Each prefix is cut
     * only when it is sent: a long reply's prefixes together are quadratic in its length.
     */
    static int[] prefixEnds(String text) {
        List<Integer> out = new ArrayList<>();
        int offset = 0;
        while (offset < text.length()) {
            for (int n = 0; n < CHUNK_CODE_POINTS && offset < text.length(); n++) {
                offset += Character.charCount(text.codePointAt(offset));
            }
            out.add(offset);
        }
        return out.isEmpty()
                ? new int[] {0}
                : out.stream().mapToInt(Integer::intValue).toArray();
    }

    static String longText(String prompt) {
        Matcher matcher = LONG_LENGTH.matcher(prompt.toLowerCase(Locale.ROOT));
        int target = matcher.find()
                ? Math.min(MAX_LONG_CHARS, Math.max(100, Integer.parseInt(matcher.group(1))))
                : DEFAULT_LONG_CHARS;
        String[] parts = {
            "Roo Remote puts a relay next to a headless VS Code. ",
            "The relay speaks Roo's IPC over a Unix socket and numbers every event it sees. ",
            "Clients connect over WebSocket with TLS and a short-lived token. ",
            "A client that reconnects names the last event it saw and gets exactly the ones it missed. ",
            "Streaming text travels as deltas, so a long reply costs about its own size on the wire. ",
            "Asks that wait for a person are shown once Roo has clearly stopped to wait. ",
            "Typed messages only go to Roo while it waits for one, never while it works. "
        };
        StringBuilder out = new StringBuilder(target + 100);
        int i = 0;
        while (out.length() < target) {
            if (i > 0 && i % parts.length == 0) {
                out.append("\n\n");
            }
            out.append(parts[i % parts.length]);
            i++;
        }
        return out.toString().trim();
    }

    private static String summarize(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    private static ClineMessage withField(ClineMessage message, String field, JsonNode value) {
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
