package dev.rooremote.agent;

import dev.rooremote.client.ApprovalRules;
import dev.rooremote.client.AskPolicy;
import dev.rooremote.client.ImageFiles;
import dev.rooremote.client.RelayClient;
import dev.rooremote.client.TaskOutcome;
import dev.rooremote.client.TaskRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Option(
            names = "--on-ask",
            paramLabel = "RULE",
            description = "With --wait, repeatable: how to decide Roo's tool and command asks."
                    + " approve-tool=NAME approves a tool (e.g. newFileCreated, editedExistingFile, appliedDiff),"
                    + " approve-path=GLOB a tool on a workspace path (e.g. 'src/**'), approve-command=PREFIX one plain"
                    + " command starting so (e.g. 'npm test'; chained or piped lines never match), deny=FEEDBACK denies"
                    + " the rest with that feedback. Without deny=, the rest stop the run with exit code 7. Nothing"
                    + " outside the workspace, no protected file and no MCP tool is approved by a rule; approving needs"
                    + " a session that can approve (roo-agent sessions).")
    List<String> onAsk = List.of();

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
        if (!wait && !onAsk.isEmpty()) {
            throw new UsageException("--on-ask needs --wait");
        }
        ApprovalRules approvals;
        try {
            approvals = ApprovalRules.parse(onAsk);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--on-ask " + e.getMessage());
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
        RunOutput output = new RunOutput(agent, sessionId, json);
        try (RelayClient client = connection.connect(agent)) {
            if (!wait) {
                output.taskId(Commands.await(client.startTask(sessionId, text, dataUrls, mode)));
                return ExitCodes.OK;
            }
            TaskRunner runner = new TaskRunner(client, sessionId, policy().withApprovals(approvals), output);
            Commands.await(runner.start(text, dataUrls, mode));
            TaskOutcome outcome;
            try {
                outcome = timeout == null
                        ? runner.outcome().get()
                        : runner.outcome().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                outcome = runner.timeOut();
            }
            int code = RunOutcomes.exitCode(outcome);
            output.outcome(outcome, code, RunOutcomes.message(outcome, sessionId, timeout));
            return code;
        }
    }

    /** --on-followup: fail (the default), first, or the answer text. */
    private AskPolicy policy() {
        if (onFollowup == null || onFollowup.equals("fail")) {
            return AskPolicy.stopOnFollowup();
        }
        return onFollowup.equals("first") ? AskPolicy.firstSuggestion() : AskPolicy.answer(onFollowup);
    }

    private List<String> readImages() throws IOException {
        List<String> urls = new ArrayList<>();
        for (Path image : images) {
            try {
                urls.add(ImageFiles.dataUrl(image));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--image " + image + ": " + e.getMessage());
            }
        }
        return urls;
    }
}
