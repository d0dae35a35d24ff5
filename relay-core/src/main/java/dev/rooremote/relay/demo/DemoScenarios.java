package dev.rooremote.relay.demo;

import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.relay.demo.DemoMessages.FileEdit;
import dev.rooremote.relay.demo.DemoTask.Scenario;
import java.util.List;
import java.util.Locale;

/**
 * What the demo Roo does with a task, picked by its prompt: "followup" (or "question") asks a followup
 * question with suggestions, "command" asks to run a command and shows its output, "lint" runs a linter
 * that fails (exit 1), "long" streams a long reply ("long 20000" for about 20,000 characters), "fail" has
 * its model request fail and asks {@code api_req_failed} (approving it through the bridge is Roo's Retry:
 * the request is made again and the task completes; a typed message is not a retry and the task stops
 * with an error), anything else reasons, proposes a file edit with a diff and completes. Auto-approval
 * ({@code autoApprovalEnabled} with {@code alwaysAllowWrite} or {@code alwaysAllowExecute} and {@code
 * allowedCommands}) lets the demo approve its own file edits and commands, as Roo does.
 */
final class DemoScenarios {

    private final DemoEngine engine;
    private final DemoSettings settings;

    DemoScenarios(DemoEngine engine, DemoSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    /** Which scenario a prompt picks. */
    static Scenario of(String prompt) {
        String text = prompt.toLowerCase(Locale.ROOT);
        if (text.contains("fail")) {
            return Scenario.FAILED;
        }
        if (text.contains("followup") || text.contains("question")) {
            return Scenario.FOLLOWUP;
        }
        if (text.contains("lint")) {
            return Scenario.LINT;
        }
        if (text.contains("command")) {
            return Scenario.COMMAND;
        }
        if (text.contains("long")) {
            return Scenario.LONG;
        }
        return Scenario.EDIT;
    }

    /** Adds {@code task}'s scenario to {@code s}: its first model request and all that follows from it. */
    void play(DemoTask task, DemoScript s) {
        s.apiRequest();
        switch (task.scenario) {
            case FOLLOWUP -> {
                s.stream(SayKind.TEXT, "Before I write the greeting file I need one detail.");
                s.followup(
                        "Which language should the greeting file be in?",
                        List.of("English", "German", "French"),
                        (answer, images) -> {
                            DemoScript next = new DemoScript(engine, task);
                            next.apiRequest();
                            next.stream(
                                    SayKind.TEXT,
                                    "Got the answer (" + DemoMessages.summarize(answer)
                                            + "). Writing the greeting file now.");
                            editFile(
                                    next,
                                    FileEdit.newFile(
                                            "greeting.txt", "Greeting in: " + DemoMessages.summarize(answer) + "\n"));
                            next.play();
                        });
            }
            case COMMAND -> {
                s.stream(SayKind.TEXT, "I'll run the project's tests to see where things stand.");
                runCommand(
                        s,
                        "npm test",
                        DemoMessages.TEST_OUTPUT,
                        ExitStatus.exited(0),
                        "All three tests pass.",
                        "3 tests, all passing.");
            }
            case LINT -> {
                s.stream(SayKind.TEXT, "I'll run the linter to see what it reports.");
                runCommand(
                        s,
                        "npm run lint",
                        DemoMessages.LINT_OUTPUT,
                        ExitStatus.exited(1),
                        "The linter failed with 2 errors in src/config.js: an unused variable and an indentation.",
                        "it exited 1 with 2 errors in src/config.js to fix.");
            }
            case FAILED -> {
                s.stream(SayKind.TEXT, "I'll ask the model for a plan.");
                s.requestFailed(
                        "503 Service Unavailable: the model's provider is overloaded. Try again later.", next -> {
                            next.apiRequest();
                            next.stream(SayKind.TEXT, "The second try went through: here is the plan.");
                            next.complete("Retried the failed request; the plan is above.");
                        });
            }
            case LONG -> {
                s.stream(SayKind.REASONING, "The user wants a long, detailed explanation. I'll structure it in parts.");
                s.stream(SayKind.TEXT, DemoMessages.longText(task.prompt));
                s.complete("I wrote the long explanation above.");
            }
            case EDIT -> {
                s.stream(
                        SayKind.REASONING,
                        "The README lacks a usage section. A short example of starting the relay will help new"
                                + " users; I'll add it after the introduction.");
                s.stream(SayKind.TEXT, "I'll add a short usage section to README.md.");
                editFile(s, DemoMessages.README_USAGE);
            }
        }
    }

    /** A file edit; then completion, or a reply to the rejection. */
    private void editFile(DemoScript s, FileEdit edit) {
        s.fileEdit(
                edit,
                settings.autoApproves(RooSettings.Keys.ALWAYS_ALLOW_WRITE),
                next -> {
                    next.apiRequest();
                    next.stream(SayKind.TEXT, "Saved " + edit.path() + ".");
                    next.complete("I updated " + edit.path() + " (" + edit.added() + " lines added).");
                },
                next -> {
                    next.apiRequest();
                    next.stream(SayKind.TEXT, "Understood, I left " + edit.path() + " unchanged.");
                    next.complete("No changes made to " + edit.path() + ", as you asked.");
                });
    }

    /** A command; then its output, how it ended and completion, or a reply to the rejection. */
    private void runCommand(DemoScript s, String command, String output, ExitStatus exit, String reply, String result) {
        s.command(
                command,
                settings.autoApproves(RooSettings.Keys.ALWAYS_ALLOW_EXECUTE) && settings.commandAllowed(command),
                next -> {
                    next.commandOutput(output, exit);
                    next.apiRequest();
                    next.stream(SayKind.TEXT, reply);
                    next.complete("Ran `" + command + "`: " + result);
                },
                next -> {
                    next.apiRequest();
                    next.stream(SayKind.TEXT, "OK, I won't run `" + command + "`.");
                    next.complete("Did not run `" + command + "`, as you asked.");
                });
    }
}
