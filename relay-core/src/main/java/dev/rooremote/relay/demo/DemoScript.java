package dev.rooremote.relay.demo;

import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.relay.demo.DemoMessages.FileEdit;
import dev.rooremote.relay.demo.DemoTask.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps played one after another on the engine thread. A script stops as soon as the task is
 * aborted, cancelled or replaced, so a cancelled stream is left unfinished like Roo leaves it.
 */
final class DemoScript {

    private static final Logger LOG = LoggerFactory.getLogger(DemoScript.class);

    private final DemoEngine engine;
    private final DemoTask task;
    private final List<Step> steps = new ArrayList<>();
    /** The characters the request in progress ({@link DemoTask#openRequestTs}) generated. */
    private int requestChars;

    DemoScript(DemoEngine engine, DemoTask task) {
        this.engine = engine;
        this.task = task;
    }

    void step(Duration delay, Runnable action) {
        steps.add(new Step(delay, action));
    }

    void apiRequest() {
        step(engine.timing.thinkDelay(), () -> {
            task.openRequestTs = engine.nextTs();
            requestChars = 0;
            engine.emit(
                    task,
                    TaskEvent.MessageEvent.CREATED,
                    ClineMessage.say(task.openRequestTs, SayKind.API_REQ_STARTED, DemoMessages.requestStarted(), null));
        });
    }

    /** The model's stream ended: the request's api_req_started gets its tokens and cost, once. */
    void finishRequest() {
        if (task.openRequestTs == 0) {
            return;
        }
        long in = 9_700L + task.prompt.length() / 4 + task.finishedRequests() * 240L;
        long out = Math.max(1, requestChars / 4);
        double cost = (in * 3.0 + out * 15.0) / 1_000_000;
        task.requestFinished(in, out, cost);
        engine.emit(
                task,
                TaskEvent.MessageEvent.UPDATED,
                ClineMessage.say(
                        task.openRequestTs,
                        SayKind.API_REQ_STARTED,
                        DemoMessages.requestFinished(in, out, cost),
                        null));
        task.openRequestTs = 0;
        engine.reportUsage(task);
    }

    /** A message streamed as Roo streams it: created partial, updates with the whole text so far, final. */
    void stream(SayKind kind, String text) {
        long[] ts = new long[1];
        int[] ends = DemoChunks.prefixEnds(text);
        boolean startsEmpty = SayKind.COMPLETION_RESULT.equals(kind);
        step(engine.timing.stepDelay(), () -> {
            ts[0] = engine.nextTs();
            String first = startsEmpty ? "" : text.substring(0, ends[0]);
            engine.emit(task, TaskEvent.MessageEvent.CREATED, ClineMessage.say(ts[0], kind, first, true));
        });
        for (int i = startsEmpty ? 0 : 1; i < ends.length; i++) {
            int end = ends[i];
            step(
                    engine.timing.chunkDelay(),
                    () -> engine.emit(
                            task,
                            TaskEvent.MessageEvent.UPDATED,
                            ClineMessage.say(ts[0], kind, text.substring(0, end), true)));
        }
        step(engine.timing.chunkDelay(), () -> {
            requestChars += text.length();
            engine.emit(task, TaskEvent.MessageEvent.UPDATED, ClineMessage.say(ts[0], kind, text, false));
        });
    }

    /** attempt_completion: the result streams, the final ask follows and the request ends after it. */
    void complete(String result) {
        stream(SayKind.COMPLETION_RESULT, result);
        step(engine.timing.stepDelay(), () -> {
            task.use("attempt_completion");
            ClineMessage ask = ClineMessage.ask(engine.nextTs(), AskKind.COMPLETION_RESULT, "", null);
            engine.emit(task, TaskEvent.MessageEvent.CREATED, ask);
            task.completed = true;
            engine.reportUsage(task);
            await(ask, (text, images) -> {
                engine.askResponded(task);
                engine.userFeedback(task, text, images);
                task.completed = false;
                DemoScript next = new DemoScript(engine, task);
                next.apiRequest();
                next.stream(SayKind.TEXT, "Thanks for the feedback: " + DemoMessages.summarize(text));
                next.complete(result);
                next.play();
            });
        });
        step(engine.timing.stepDelay(), this::finishRequest);
    }

    /**
     * The model request in progress fails and Roo asks {@code api_req_failed}: its Retry
     * (yesButtonClicked, the bridge's approve) says {@code api_req_retried} and goes on with {@code
     * onRetry}; anything else is not a retry (Roo throws "API request failed") and the task stops there.
     */
    void requestFailed(String error, Consumer<DemoScript> onRetry) {
        step(engine.timing.stepDelay(), () -> {
            ClineMessage ask = ClineMessage.ask(engine.nextTs(), AskKind.API_REQ_FAILED, error, null);
            engine.emit(task, TaskEvent.MessageEvent.CREATED, ask);
            task.approvedByQueue = false;
            await(ask, (text, images) -> {
                engine.askResponded(task);
                DemoScript next = new DemoScript(engine, task);
                if (task.approvedByQueue) {
                    task.approvedByQueue = false;
                    next.step(
                            engine.timing.stepDelay(),
                            () -> engine.emit(
                                    task,
                                    TaskEvent.MessageEvent.CREATED,
                                    ClineMessage.say(engine.nextTs(), SayKind.API_REQ_RETRIED, "", null)));
                    onRetry.accept(next);
                } else {
                    next.stream(SayKind.ERROR, "API request failed");
                }
                next.play();
            });
        });
    }

    /** ask_followup_question: the question streams, the request ends, the ask shows the question as JSON. */
    void followup(String question, List<String> suggestions, Answer onAnswer) {
        long[] ts = new long[1];
        step(engine.timing.stepDelay(), () -> {
            ts[0] = engine.nextTs();
            engine.emit(task, TaskEvent.MessageEvent.CREATED, ClineMessage.ask(ts[0], AskKind.FOLLOWUP, "", true));
        });
        for (int end : DemoChunks.prefixEnds(question)) {
            step(
                    engine.timing.chunkDelay(),
                    () -> engine.emit(
                            task,
                            TaskEvent.MessageEvent.UPDATED,
                            ClineMessage.ask(ts[0], AskKind.FOLLOWUP, question.substring(0, end), true)));
        }
        step(engine.timing.chunkDelay(), this::finishRequest);
        step(engine.timing.stepDelay(), () -> {
            task.use("ask_followup_question");
            ClineMessage ask =
                    ClineMessage.ask(ts[0], AskKind.FOLLOWUP, DemoMessages.followup(question, suggestions), false);
            engine.emit(task, TaskEvent.MessageEvent.UPDATED, ask);
            engine.reportUsage(task);
            await(ask, (text, images) -> {
                engine.askResponded(task);
                engine.userFeedback(task, text, images);
                onAnswer.answered(text, images);
            });
        });
    }

    /**
     * write_to_file: the ask first proposes the new content, the request ends, then the ask shows the
     * diff for approval.
     */
    void fileEdit(FileEdit edit, boolean autoApproved, Consumer<DemoScript> onApproved, Consumer<DemoScript> onDenied) {
        long[] ts = new long[1];
        step(engine.timing.stepDelay(), () -> {
            ts[0] = engine.nextTs();
            engine.emit(
                    task, TaskEvent.MessageEvent.CREATED, ClineMessage.ask(ts[0], AskKind.TOOL, edit.proposed(), true));
        });
        step(engine.timing.chunkDelay(), this::finishRequest);
        step(engine.timing.thinkDelay(), () -> {
            task.use("write_to_file");
            ClineMessage ask = DemoEngine.notProtected(ClineMessage.ask(ts[0], AskKind.TOOL, edit.ready(), false));
            engine.emit(task, TaskEvent.MessageEvent.UPDATED, ask);
            engine.reportUsage(task);
            approval(ask, autoApproved, onApproved, onDenied);
        });
        if (autoApproved) {
            onApproved.accept(this);
        }
    }

    /** execute_command: the ask streams, then shows the command; the request ends after it. */
    void command(String command, boolean autoApproved, Consumer<DemoScript> onApproved, Consumer<DemoScript> onDenied) {
        long[] ts = new long[1];
        step(engine.timing.stepDelay(), () -> {
            ts[0] = engine.nextTs();
            engine.emit(task, TaskEvent.MessageEvent.CREATED, ClineMessage.ask(ts[0], AskKind.COMMAND, "", true));
        });
        step(engine.timing.chunkDelay(), () -> {
            task.use("execute_command");
            ClineMessage ask = DemoEngine.notProtected(ClineMessage.ask(ts[0], AskKind.COMMAND, command, false));
            engine.emit(task, TaskEvent.MessageEvent.UPDATED, ask);
            engine.reportUsage(task);
            approval(ask, autoApproved, onApproved, onDenied);
        });
        step(engine.timing.stepDelay(), this::finishRequest);
        if (autoApproved) {
            onApproved.accept(this);
        }
    }

    /**
     * A running command's output: Roo asks {@code command_output} (whether to go on while it runs) and
     * answers that ask itself a moment later; the output streams as a say under the same ts. Once the
     * command has ended, the bridge reports {@code exit}.
     */
    void commandOutput(String output, ExitStatus exit) {
        long[] ts = new long[1];
        List<String> lines = DemoChunks.linePrefixes(output);
        step(engine.timing.thinkDelay(), () -> {
            ts[0] = engine.nextTs();
            engine.emit(
                    task, TaskEvent.MessageEvent.CREATED, ClineMessage.ask(ts[0], AskKind.COMMAND_OUTPUT, "", null));
            engine.emit(
                    task,
                    TaskEvent.MessageEvent.CREATED,
                    ClineMessage.say(ts[0], SayKind.COMMAND_OUTPUT, lines.get(0), true));
        });
        step(engine.timing.thinkDelay(), () -> engine.askResponded(task));
        for (String prefix : lines.subList(1, lines.size())) {
            step(
                    engine.timing.stepDelay(),
                    () -> engine.emit(
                            task,
                            TaskEvent.MessageEvent.UPDATED,
                            ClineMessage.say(ts[0], SayKind.COMMAND_OUTPUT, prefix, true)));
        }
        step(
                engine.timing.stepDelay(),
                () -> engine.emit(
                        task,
                        TaskEvent.MessageEvent.UPDATED,
                        ClineMessage.say(ts[0], SayKind.COMMAND_OUTPUT, output, false)));
        step(engine.timing.stepDelay(), () -> engine.bridge().commandExited(task, ts[0], exit));
    }

    /**
     * A tool or command approval: approved at once when auto-approval covers it (the approved steps are
     * already in this script), otherwise left open until a typed message rejects it with feedback, or a
     * queued one approves it.
     */
    private void approval(
            ClineMessage ask, boolean autoApproved, Consumer<DemoScript> onApproved, Consumer<DemoScript> onDenied) {
        if (autoApproved) {
            approved(ask);
            return;
        }
        task.approvedByQueue = false;
        await(ask, (feedback, images) -> {
            DemoScript next = new DemoScript(engine, task);
            if (task.approvedByQueue) {
                task.approvedByQueue = false;
                approved(ask);
                onApproved.accept(next);
            } else {
                engine.askResponded(task);
                onDenied.accept(next);
            }
            if (feedback != null) {
                // an approval through the bridge with no text gives the model no feedback
                engine.userFeedback(task, feedback, images);
            }
            next.play();
        });
    }

    /** Roo marks an approved file edit's ask answered; a command's ask it leaves as it is. */
    private void approved(ClineMessage ask) {
        if (AskKind.TOOL.equals(ask.ask())) {
            engine.emit(
                    task,
                    TaskEvent.MessageEvent.UPDATED,
                    DemoEngine.withField(ask, "isAnswered", RooJson.nodes().booleanNode(true)));
        }
        engine.askResponded(task);
    }

    /** Waits for an answer; the request this script has open ends before the task goes on. */
    private void await(ClineMessage ask, Answer onAnswer) {
        engine.waitFor(task, ask, (text, images) -> {
            finishRequest();
            onAnswer.answered(text, images);
        });
    }

    void play() {
        playFrom(0, engine.generation());
    }

    private void playFrom(int index, long gen) {
        if (index >= steps.size()) {
            return;
        }
        Step step = steps.get(index);
        engine.executor.schedule(
                () -> {
                    if (gen != engine.generation()) {
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

    private record Step(Duration delay, Runnable action) {}
}
