package dev.rooremote.relay.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.protocol.roo.TokenUsage;
import dev.rooremote.relay.roo.IpcClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo Roo plays the event sequences of the real Roo Code 3.52.1 where they differed before: one API
 * request per turn whose tokens arrive after the tool's ask, throttled usage, the shapes of tool,
 * command and followup asks, command output, cancel and resume of a finished task, lasting settings and
 * the message queue.
 */
class DemoRooSequenceTest {

    /** The demo's state-event delay, which is also its usage throttle. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    static final Duration WAIT = Duration.ofSeconds(15);
    static final RooSettings MANUAL = RooSettings.empty().with("autoApprovalEnabled", false);
    static final RooSettings AUTO = RooSettings.empty()
            .with("autoApprovalEnabled", true)
            .with("alwaysAllowWrite", true)
            .with("alwaysAllowExecute", true)
            .with("allowedCommands", List.of("npm test"));

    @TempDir
    Path dir;

    DemoRoo roo;
    IpcClient client;
    final DemoRooTest.Events events = new DemoRooTest.Events();

    void start(DemoRoo.Timing timing) throws IOException {
        roo = DemoRoo.start(dir.resolve("demo.sock"), timing);
        client = IpcClient.connect(roo.socket(), Duration.ofSeconds(5), events, null);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (roo != null) {
            roo.close();
        }
    }

    @Test
    void aTurnIsOneRequestWhoseTokensArriveAfterTheFinalCompletionAsk() throws IOException {
        List<TaskEvent> all = runUntil(MANUAL, "Write a long explanation, long 300", "taskIdle");
        assertThat(all)
                .filteredOn(created(m -> SayKind.API_REQ_STARTED.equals(m.say())))
                .hasSize(1);
        int finalResult = indexOf(all, updated(m -> SayKind.COMPLETION_RESULT.equals(m.say()) && !m.isPartial()));
        int ask = indexOf(all, created(m -> AskKind.COMPLETION_RESULT.equals(m.ask())));
        int tokens = requestFinished(all);
        int lastUsage = lastIndexOf(all, e -> e instanceof TaskEvent.TokenUsageUpdated);
        int idle = indexOf(all, named("taskIdle"));
        assertThat(finalResult).isLessThan(ask);
        assertThat(ask).isLessThan(tokens);
        assertThat(tokens).isLessThan(lastUsage);
        assertThat(lastUsage).isLessThan(idle);
        TaskEvent.TokenUsageUpdated usage = (TaskEvent.TokenUsageUpdated) all.get(lastUsage);
        assertThat(usage.tokenUsage().totalTokensIn()).isPositive();
        assertThat(usage.toolUsage()).containsOnlyKeys("attempt_completion");
    }

    @Test
    void usageIsThrottledAndHasCacheTotalsOnlyOnceARequestFinished() throws IOException {
        runUntil(AUTO, "Add a usage section", "taskIdle");

        // the task takes far less than the interval: the first report goes at once, the rest once at its end
        List<TaskEvent.TokenUsageUpdated> usage = usage();
        assertThat(usage).hasSize(2);
        assertThat(usage.get(0).tokenUsage()).isEqualTo(new TokenUsage(0, 0, null, null, 0, 0));
        assertThat(usage.get(0).toolUsage()).isEmpty();
        TokenUsage last = usage.get(1).tokenUsage();
        assertThat(last.totalCacheWrites()).isZero();
        assertThat(last.totalCacheReads()).isZero();
        assertThat(last.totalTokensIn()).isPositive();
        assertThat(usage.get(1).toolUsage()).containsOnlyKeys("write_to_file", "attempt_completion");
    }

    @Test
    void aFileEditIsProposedWithItsContentThenShownAsADiffAndCountedBeforeItIsAnswered() throws IOException {
        List<TaskEvent> all = runUntil(MANUAL, "Add a usage section", "taskInteractive");
        StreamedAsk edit = streamedAsk(all, AskKind.TOOL);
        JsonNode proposed = RooJson.parse(message(all, edit.created()).text());
        assertThat(proposed.path("content").asText()).isEqualTo(DemoMessages.README_USAGE.content());
        assertThat(proposed.has("diffStats")).isFalse();
        assertThat(requestFinished(all)).isBetween(edit.created(), edit.ready());
        ClineMessage ask = message(all, edit.ready());
        assertThat(ask.isProtected()).isFalse();
        JsonNode json = RooJson.parse(ask.text());
        assertThat(json.path("content").asText()).startsWith("@@ -2,4 +2,10 @@\n");
        assertThat(json.path("diffStats").path("added").asInt()).isEqualTo(6);
        assertThat(usage()).last().satisfies(u -> assertThat(u.toolUsage()).containsOnlyKeys("write_to_file"));

        client.send(new TaskCommand.SendMessage("Not now."));
        awaitCount("taskIdle", 1);
        List<TaskEvent> after = List.copyOf(events.all).subList(all.size(), events.all.size());
        assertThat(names(after)).startsWith("taskActive", "taskAskResponded", "message");
        assertThat(message(after, 2).say()).isEqualTo(SayKind.USER_FEEDBACK);
        assertThat(message(after, 2).images()).isEmpty();
        assertThat(after).noneMatch(updated(m -> AskKind.TOOL.equals(m.ask()) && Boolean.TRUE.equals(m.isAnswered())));
    }

    @Test
    void aFollowupEndsItsRequestBeforeItsSuggestionsAndANewFileShowsRoosDiff() throws IOException {
        List<TaskEvent> all = runUntil(MANUAL, "Ask me a followup question first", "taskInteractive");
        StreamedAsk followup = streamedAsk(all, AskKind.FOLLOWUP);
        assertThat(message(all, followup.created()).text()).isEmpty();
        assertThat(requestFinished(all)).isBetween(followup.created(), followup.ready());
        JsonNode suggestions =
                RooJson.parse(message(all, followup.ready()).text()).path("suggest");
        assertThat(suggestions)
                .hasSize(3)
                .allSatisfy(s -> assertThat(s.get("mode").isNull()).isTrue());

        client.send(new TaskCommand.SendMessage("German"));
        awaitCount("taskInteractive", 2);
        ClineMessage edit = List.copyOf(events.all).stream()
                .filter(updated(m -> AskKind.TOOL.equals(m.ask()) && !m.isPartial()))
                .map(e -> ((TaskEvent.MessageEvent) e).message())
                .findFirst()
                .orElseThrow();
        JsonNode json = RooJson.parse(edit.text());
        assertThat(json.path("tool").asText()).isEqualTo("newFileCreated");
        assertThat(json.path("content").asText())
                .isEqualTo(
                        "=".repeat(67) + "\n--- /dev/null\n+++ greeting.txt\n@@ -0,0 +1,1 @@\n+Greeting in: German\n");
    }

    @Test
    void aCommandAskStreamsAndItsOutputFollowsAnAskRooAnswersItself() throws IOException {
        List<TaskEvent> all = runUntil(AUTO, "Run the test command", "taskIdle");
        StreamedAsk command = streamedAsk(all, AskKind.COMMAND);
        assertThat(message(all, command.created()).text()).isEmpty();
        assertThat(message(all, command.ready()).text()).isEqualTo("npm test");
        assertThat(message(all, command.ready()).isProtected()).isFalse();
        assertThat(all.get(nextBesidesUsage(all, command.ready()))).isInstanceOf(TaskEvent.TaskAskResponded.class);
        assertThat(requestFinished(all)).isGreaterThan(command.ready());
        assertThat(all).noneMatch(updated(m -> AskKind.COMMAND.equals(m.ask()) && m.isAnswered() != null));

        int outputAsk = indexOf(all, created(m -> AskKind.COMMAND_OUTPUT.equals(m.ask())));
        ClineMessage ask = message(all, outputAsk);
        ClineMessage output = message(all, outputAsk + 1);
        assertThat(ask.text()).isEmpty();
        assertThat(ask.partial()).isNull();
        assertThat(((TaskEvent.MessageEvent) all.get(outputAsk + 1)).isCreated())
                .isTrue();
        assertThat(output.say()).isEqualTo(SayKind.COMMAND_OUTPUT);
        assertThat(output.ts()).isEqualTo(ask.ts());
        assertThat(output.isPartial()).isTrue();
        int outputDone = indexOf(all, updated(m -> SayKind.COMMAND_OUTPUT.equals(m.say()) && !m.isPartial()));
        assertThat(message(all, outputDone).text()).isEqualTo(DemoMessages.TEST_OUTPUT);
        assertThat(all.subList(outputAsk, outputDone)).anyMatch(TaskEvent.TaskAskResponded.class::isInstance);
    }

    @Test
    void cancellingAFinishedTaskReloadsItAsUnfinishedWithoutUsage() throws IOException {
        runUntil(AUTO, "Add a usage section", "taskIdle");
        int before = events.all.size();

        client.send(new TaskCommand.CancelTask());

        awaitCount("taskResumable", 1);
        List<TaskEvent> after = List.copyOf(events.all).subList(before, events.all.size());
        assertThat(names(after))
                .containsExactly(
                        "taskAborted",
                        "taskCreated",
                        "taskFocused",
                        "taskTokenUsageUpdated",
                        "message",
                        "taskTokenUsageUpdated",
                        "taskResumable");
        assertThat(message(after, 4).ask()).isEqualTo(AskKind.RESUME_TASK);
        assertThat(message(after, 4).text()).isNull();
        TaskEvent.TokenUsageUpdated first = (TaskEvent.TokenUsageUpdated) after.get(3);
        TaskEvent.TokenUsageUpdated second = (TaskEvent.TokenUsageUpdated) after.get(5);
        assertThat(first.tokenUsage()).isEqualTo(new TokenUsage(0, 0, 0L, 0L, 0, 0));
        assertThat(second.tokenUsage()).isEqualTo(new TokenUsage(0, 0, null, null, 0, 0));
        assertThat(first.toolUsage()).isEmpty();
    }

    @Test
    void resumingTheCurrentTaskCreatesItAgainBeforeAbortingIt() throws IOException {
        runUntil(AUTO, "Add a usage section", "taskIdle");
        TaskEvent.TokenUsageUpdated finished = usage().get(usage().size() - 1);
        int before = events.all.size();

        client.send(new TaskCommand.ResumeTask(finished.taskId()));

        awaitCount("taskIdle", 2);
        List<TaskEvent> after = List.copyOf(events.all).subList(before, events.all.size());
        assertThat(names(after))
                .containsExactly(
                        "taskCreated", "taskAborted", "taskFocused", "taskTokenUsageUpdated", "message", "taskIdle");
        assertThat(message(after, 4).ask()).isEqualTo(AskKind.RESUME_COMPLETED_TASK);
        TaskEvent.TokenUsageUpdated reloaded = (TaskEvent.TokenUsageUpdated) after.get(3);
        assertThat(reloaded.tokenUsage()).isEqualTo(finished.tokenUsage());
        assertThat(reloaded.toolUsage()).isEmpty();
    }

    @Test
    void aStartNewTaskConfigurationStaysInForceForLaterTasks() throws IOException {
        runUntil(AUTO, "Add a usage section", "taskIdle");
        int before = events.all.size();

        client.send(new TaskCommand.StartNewTask(RooSettings.empty(), "Add a usage section"));

        awaitCount("taskIdle", 2);
        List<TaskEvent> after = List.copyOf(events.all).subList(before, events.all.size());
        assertThat(names(after)).doesNotContain("taskInteractive");
        assertThat(after).anyMatch(updated(m -> AskKind.TOOL.equals(m.ask()) && Boolean.TRUE.equals(m.isAnswered())));
    }

    @Test
    void aMessageQueuedWhileBusyAnswersTheCompletionAsk() throws IOException {
        Duration step = Duration.ofMillis(20);
        start(new DemoRoo.Timing(step, step, step, INTERVAL));
        client.send(new TaskCommand.StartNewTask(MANUAL, "Write a long explanation, long 300"));
        awaitCount("taskStarted", 1);
        client.send(new TaskCommand.SendMessage("Also add a summary."));

        awaitCount("taskIdle", 1);
        List<TaskEvent> all = List.copyOf(events.all);
        List<TaskEvent.QueuedMessagesUpdated> queue = all.stream()
                .filter(TaskEvent.QueuedMessagesUpdated.class::isInstance)
                .map(TaskEvent.QueuedMessagesUpdated.class::cast)
                .toList();
        assertThat(queue).hasSize(2);
        assertThat(queue.get(0).messages()).singleElement().satisfies(q -> assertThat(q.images())
                .isEmpty());
        assertThat(queue.get(1).messages()).isEmpty();
        int drained = all.indexOf(queue.get(1));
        int lastMessage = lastIndexOf(all.subList(0, drained), TaskEvent.MessageEvent.class::isInstance);
        assertThat(message(all, lastMessage).ask()).isEqualTo(AskKind.COMPLETION_RESULT);
        List<TaskEvent> rest = all.subList(drained, all.size());
        int responded = indexOf(rest, TaskEvent.TaskAskResponded.class::isInstance);
        int feedback = indexOf(rest, created(m -> SayKind.USER_FEEDBACK.equals(m.say())));
        assertThat(responded).isLessThan(feedback);
        assertThat(message(rest, feedback).text()).isEqualTo("Also add a summary.");
        assertThat(all)
                .filteredOn(created(m -> AskKind.COMPLETION_RESULT.equals(m.ask())))
                .hasSize(2);
        assertThat(names(all)).doesNotContain("taskInteractive");
    }

    // ------------------------------------------------------------------ helpers

    /** Where an ask Roo streams was created (partial) and where its final update came. */
    record StreamedAsk(int created, int ready) {}

    static StreamedAsk streamedAsk(List<TaskEvent> events, AskKind kind) {
        return new StreamedAsk(
                indexOf(events, created(m -> kind.equals(m.ask()) && m.isPartial())),
                indexOf(events, updated(m -> kind.equals(m.ask()) && !m.isPartial())));
    }

    /** Where the first request's api_req_started got its tokens. */
    static int requestFinished(List<TaskEvent> events) {
        return indexOf(
                events,
                updated(m -> SayKind.API_REQ_STARTED.equals(m.say()) && m.text().contains("tokensIn")));
    }

    /** Starts a task on a demo with the usual timing; returns the events up to its first {@code eventName}. */
    List<TaskEvent> runUntil(RooSettings configuration, String prompt, String eventName) throws IOException {
        if (roo == null) {
            start(DemoRoo.Timing.fast(INTERVAL));
        }
        client.send(new TaskCommand.StartNewTask(configuration, prompt));
        awaitCount(eventName, 1);
        return List.copyOf(events.all);
    }

    void awaitCount(String eventName, int count) {
        await().atMost(WAIT)
                .until(() -> events.names().stream().filter(eventName::equals).count() >= count);
    }

    List<TaskEvent.TokenUsageUpdated> usage() {
        return events.all.stream()
                .filter(TaskEvent.TokenUsageUpdated.class::isInstance)
                .map(TaskEvent.TokenUsageUpdated.class::cast)
                .toList();
    }

    static List<String> names(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::eventName).toList();
    }

    static Predicate<TaskEvent> named(String eventName) {
        return e -> e.eventName().equals(eventName);
    }

    static Predicate<TaskEvent> created(Predicate<ClineMessage> message) {
        return e -> e instanceof TaskEvent.MessageEvent m && m.isCreated() && message.test(m.message());
    }

    static Predicate<TaskEvent> updated(Predicate<ClineMessage> message) {
        return e -> e instanceof TaskEvent.MessageEvent m && !m.isCreated() && message.test(m.message());
    }

    static ClineMessage message(List<TaskEvent> events, int index) {
        assertThat(events.get(index)).isInstanceOf(TaskEvent.MessageEvent.class);
        return ((TaskEvent.MessageEvent) events.get(index)).message();
    }

    static int indexOf(List<TaskEvent> events, Predicate<TaskEvent> which) {
        for (int i = 0; i < events.size(); i++) {
            if (which.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in " + names(events));
    }

    /** The index of the first event after {@code index} that is not a (throttled) usage event. */
    static int nextBesidesUsage(List<TaskEvent> events, int index) {
        int next = index + 1;
        while (events.get(next) instanceof TaskEvent.TokenUsageUpdated) {
            next++;
        }
        return next;
    }

    static int lastIndexOf(List<TaskEvent> events, Predicate<TaskEvent> which) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (which.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in " + names(events));
    }
}
