package dev.rooremote.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.SessionListener;
import dev.rooremote.client.WatchedSession;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Start a task; with --wait, wait for its outcome.",
            "%nWithout --wait, prints the task id and returns. With --wait, returns when the task completes (and prints Roo's completion result), fails, is aborted, times out, or asks something roo-agent was not told how to answer; the exit code says which. PROMPT '-' reads the prompt from standard input."
        })
final class RunCommand extends SessionCommand {

    @Option(names = "--mode", paramLabel = "MODE", description = "Roo's mode for this task (e.g. code, architect).")
    String mode;

    @Option(names = "--image", paramLabel = "FILE", description = "Attach an image (png, jpeg, gif, webp); repeatable.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--wait", description = "Wait for the task's outcome; the exit code tells it.")
    boolean wait;

    @Option(
            names = "--json",
            description = "Write every event as one JSON object per line (NDJSON; fields in AGENT.md), ending"
                    + " with an 'outcome' line.")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "With --wait: give up after this long (e.g. 30s, 10m); exit code 6. The task goes on.")
    Duration timeout;

    @Option(
            names = "--on-followup",
            paramLabel = "first|fail|TEXT",
            description = "With --wait: how to answer Roo's followup questions: 'first' picks Roo's first"
                    + " suggestion, 'fail' stops with exit code 7 (the default), anything else is sent as the"
                    + " answer.")
    String onFollowup;

    @Parameters(arity = "1..*", paramLabel = "PROMPT", description = "What Roo should do.")
    List<String> prompt;

    @Override
    public Integer call() throws Exception {
        if (!wait && timeout != null) {
            throw new UsageException("--timeout needs --wait");
        }
        if (!wait && onFollowup != null) {
            throw new UsageException("--on-followup needs --wait");
        }
        if (onFollowup != null && onFollowup.isBlank()) {
            throw new UsageException("--on-followup is empty: use first, fail, or the answer text");
        }
        String text = String.join(" ", prompt);
        if (text.equals("-")) {
            text = agent.readAll().strip();
        }
        if (text.isBlank()) {
            throw new UsageException("the prompt is empty: say what Roo should do");
        }
        List<String> dataUrls = readImages();
        try (RelayClient client = connection.connect(agent)) {
            if (!wait) {
                String taskId = Commands.await(client.startTask(sessionId, text, dataUrls, mode));
                if (json) {
                    ObjectNode line = EventJson.own("run_started", sessionId);
                    line.put("taskId", taskId);
                    agent.out().println(EventJson.write(line));
                } else {
                    agent.out().println(taskId);
                }
                return ExitCodes.OK;
            }
            Runner runner = new Runner(client);
            Commands.await(client.subscribe(sessionId, runner));
            String taskId = Commands.await(client.startTask(sessionId, text, dataUrls, mode));
            runner.started(taskId);
            try {
                return timeout == null
                        ? runner.outcome.get()
                        : runner.outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                runner.finish(
                        ExitCodes.TIMEOUT,
                        "timeout",
                        "no outcome after " + timeout.toSeconds() + " s; task " + taskId
                                + " goes on in Roo (follow it with: roo-agent watch --session " + sessionId + ")");
                return ExitCodes.TIMEOUT;
            } catch (ExecutionException e) {
                throw (Exception) ExitCodes.unwrap(e);
            }
        }
    }

    private List<String> readImages() throws IOException {
        List<String> urls = new ArrayList<>();
        for (Path image : images) {
            String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
            String type;
            if (name.endsWith(".png")) {
                type = "image/png";
            } else if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                type = "image/jpeg";
            } else if (name.endsWith(".gif")) {
                type = "image/gif";
            } else if (name.endsWith(".webp")) {
                type = "image/webp";
            } else {
                throw new UsageException("--image " + image + ": not a png, jpeg, gif or webp file (by its name)");
            }
            if (!Files.isRegularFile(image)) {
                throw new UsageException("--image " + image + ": no such file");
            }
            long size = Files.size(image);
            if (size > RelayProtocol.DEFAULT_MAX_FRAME_BYTES / 2) {
                throw new UsageException("--image " + image + ": " + size + " bytes is too large; the relay accepts"
                        + " frames up to " + RelayProtocol.DEFAULT_MAX_FRAME_BYTES + " bytes");
            }
            urls.add("data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(image)));
        }
        return urls;
    }

    /**
     * Follows the started task on the client's event thread and decides the outcome. Events that
     * arrive before the relay acknowledged the start (and so before the task id is known) are held
     * back and replayed once it is.
     */
    private final class Runner implements SessionListener {
        final CompletableFuture<Integer> outcome = new CompletableFuture<>();
        private final RelayClient client;
        private final List<ServerMessage.Event> early = new ArrayList<>();
        private final Set<Long> answered = new HashSet<>();
        private WatchedSession session;
        private String taskId;

        Runner(RelayClient client) {
            this.client = client;
        }

        @Override
        public synchronized void onSnapshot(
                WatchedSession session, long seq, dev.rooremote.protocol.relay.SessionSnapshot s) {
            this.session = session;
        }

        @Override
        public synchronized void onEvent(WatchedSession session, ServerMessage.Event event) {
            this.session = session;
            if (taskId == null) {
                early.add(event);
            } else {
                handle(event);
            }
        }

        @Override
        public void onError(WatchedSession session, dev.rooremote.client.RelayErrorException error) {
            finish(ExitCodes.of(error), "failed", error.getMessage());
        }

        synchronized void started(String id) {
            taskId = id;
            if (session == null) {
                session = client.watched(sessionId).orElse(null);
            }
            if (json) {
                ObjectNode line = EventJson.own("run_started", sessionId);
                line.put("taskId", id);
                emit(line);
            } else {
                agent.err().println("Task " + id + " started in " + sessionId + ".");
            }
            List<ServerMessage.Event> held = new ArrayList<>(early);
            early.clear();
            for (ServerMessage.Event e : held) {
                handle(e);
            }
        }

        private void handle(ServerMessage.Event e) {
            if (outcome.isDone()) {
                return;
            }
            String about = taskOf(e.event());
            if (about != null && !about.equals(taskId)) {
                return;
            }
            if (json) {
                emit(EventJson.event(e, session));
            } else {
                progress(e.event());
            }
            SessionEvent event = e.event();
            if (event instanceof SessionEvent.TaskStateChanged s) {
                onState(s.state());
            } else if (event instanceof SessionEvent.AskPending p
                    && p.ask().taskId().equals(taskId)) {
                onAsk(p.ask());
            }
        }

        private void onState(TaskState state) {
            if (state == TaskState.COMPLETED) {
                finish(ExitCodes.OK, "completed", null);
            } else if (state == TaskState.ABORTED) {
                finish(ExitCodes.TASK_FAILED, "aborted", "task " + taskId + " was aborted");
            } else if (state == TaskState.RESUMABLE) {
                finish(
                        ExitCodes.TASK_FAILED,
                        "aborted",
                        "task " + taskId + " was interrupted; resume it with:" + " roo-agent resume --session "
                                + sessionId + " " + taskId);
            }
        }

        private void onAsk(PendingAsk ask) {
            if (ask.isFollowup()) {
                answerFollowup(ask);
                return;
            }
            if (ask.isApproval()) {
                String allow;
                if ("command".equals(ask.ask())) {
                    String command = ask.text() == null ? "COMMAND" : ask.text().strip();
                    allow = "autoApprovalEnabled=true alwaysAllowExecute=true 'allowedCommands=[\""
                            + command.replace("\"", "\\\"") + "\"]'";
                } else if ("use_mcp_server".equals(ask.ask())) {
                    allow = "autoApprovalEnabled=true alwaysAllowMcp=true";
                } else {
                    allow = "autoApprovalEnabled=true alwaysAllowWrite=true";
                }
                finish(
                        ExitCodes.NEEDS_INPUT,
                        "needs-input",
                        "Roo waits for approval of " + Commands.describeAsk(ask)
                                + "; approve or deny it in roo-console, or allow it before the next run with: roo-agent"
                                + " settings set --session " + sessionId + " " + allow);
                return;
            }
            String kind = ask.ask();
            if (kind.equals("completion_result") || kind.equals("resume_completed_task")) {
                finish(ExitCodes.OK, "completed", null);
            } else if (kind.equals("auto_approval_max_req_reached")) {
                finish(
                        ExitCodes.NEEDS_INPUT,
                        "needs-input",
                        "Roo reached the auto-approval request limit and waits"
                                + " for permission to go on (roo-agent send --session " + sessionId + " 'continue')");
            } else if (ask.category() == PendingAsk.Category.RESUMABLE) {
                finish(
                        ExitCodes.TASK_FAILED,
                        "aborted",
                        "task " + taskId + " was interrupted; resume it with:" + " roo-agent resume --session "
                                + sessionId + " " + taskId);
            } else if (ask.category() == PendingAsk.Category.IDLE) {
                finish(ExitCodes.TASK_FAILED, "failed", "Roo stopped: " + Commands.describeAsk(ask));
            }
        }

        private void answerFollowup(PendingAsk ask) {
            if (!answered.add(ask.ts())) {
                return;
            }
            FollowupQuestion question = FollowupQuestion.parse(ask.text()).orElse(new FollowupQuestion("", List.of()));
            String policy = onFollowup == null ? "fail" : onFollowup;
            String answer;
            if (policy.equals("fail")) {
                finish(
                        ExitCodes.NEEDS_INPUT,
                        "needs-input",
                        "Roo asks: " + Commands.describeAsk(ask)
                                + "; answer with: roo-agent send --session " + sessionId + " 'ANSWER'"
                                + " (or run with --on-followup first|TEXT)");
                return;
            } else if (policy.equals("first")) {
                if (question.suggestions().isEmpty()) {
                    finish(
                            ExitCodes.NEEDS_INPUT,
                            "needs-input",
                            "Roo asks '" + question.question()
                                    + "' without suggestions, so --on-followup first cannot answer it");
                    return;
                }
                answer = question.suggestions().get(0).answer();
            } else {
                answer = policy;
            }
            if (json) {
                ObjectNode line = EventJson.own("answer_sent", sessionId);
                line.put("taskId", taskId);
                line.put("askTs", ask.ts());
                line.put("question", question.question());
                line.put("answer", answer);
                emit(line);
            } else {
                agent.err().println("Answering \"" + question.question() + "\" with \"" + answer + "\".");
            }
            client.answerAsk(sessionId, taskId, ask.ts(), answer).whenComplete((ok, error) -> {
                if (error != null) {
                    Throwable cause = ExitCodes.unwrap(error);
                    finish(
                            ExitCodes.of(cause),
                            "failed",
                            "answering Roo's question failed: " + ExitCodes.message(cause));
                }
            });
        }

        synchronized void finish(int code, String state, String message) {
            if (outcome.isDone()) {
                return;
            }
            String result = code == ExitCodes.OK ? completionResult() : null;
            if (json) {
                ObjectNode line = EventJson.own("outcome", sessionId);
                line.put("taskId", taskId);
                line.put("state", state);
                line.put("exitCode", code);
                if (result != null) {
                    line.put("result", result);
                }
                if (message != null) {
                    line.put("message", message);
                }
                TaskSummary summary = summary();
                if (summary != null) {
                    line.set("tokens", RooJson.toTree(summary.tokens()));
                }
                emit(line);
            } else {
                if (result != null) {
                    agent.out().println(result);
                } else if (code == ExitCodes.OK) {
                    agent.err().println("Task " + taskId + " completed.");
                }
                if (message != null) {
                    agent.err().println("roo-agent: " + message);
                }
            }
            agent.out().flush();
            outcome.complete(code);
        }

        private TaskSummary summary() {
            if (session == null || taskId == null || !session.ready()) {
                return null;
            }
            return session.task(taskId).orElse(null);
        }

        private String completionResult() {
            if (session == null || taskId == null || !session.ready()) {
                return null;
            }
            List<ClineMessage> messages = session.transcript(taskId).orElse(List.of());
            for (int i = messages.size() - 1; i >= 0; i--) {
                ClineMessage m = messages.get(i);
                if (m.isSay() && SayKind.COMPLETION_RESULT.equals(m.say()) && m.text() != null) {
                    return m.text();
                }
            }
            return null;
        }

        private void progress(SessionEvent event) {
            if (event instanceof SessionEvent.Message m && !m.message().isPartial() && session != null) {
                session.read(s -> s.message(m.taskId(), m.message().ts())).ifPresent(full -> {
                    String line = WatchCommand.summarize(full);
                    if (line != null) {
                        agent.err().println(line);
                    }
                });
            } else if (event instanceof SessionEvent.AskPending p) {
                agent.err().println("Waiting: " + Commands.describeAsk(p.ask()));
            } else if (event instanceof SessionEvent.Connection c) {
                agent.err()
                        .println("Roo connection: " + c.status().wire()
                                + (c.detail() == null ? "" : " (" + c.detail() + ")"));
            }
        }

        private void emit(ObjectNode line) {
            agent.out().println(EventJson.write(line));
            agent.out().flush();
        }
    }

    /** The task an event is about, or null for session-wide events. */
    static String taskOf(SessionEvent event) {
        if (event instanceof SessionEvent.TaskStarted e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.TaskStateChanged e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.Message e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.AskPending e) {
            return e.ask().taskId();
        } else if (event instanceof SessionEvent.AskResolved e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.TokenUsage e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.ModeChanged e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.QueuedMessages e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.ToolFailed e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.UserAction e) {
            return e.taskId();
        } else if (event instanceof SessionEvent.RooEvent e) {
            return e.taskId();
        }
        return null;
    }
}
