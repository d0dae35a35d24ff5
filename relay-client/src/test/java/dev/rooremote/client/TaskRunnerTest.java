package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.RooJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unattended runs against a real relay with a demo Roo session: followups answered or not, approvals, timeouts. */
class TaskRunnerTest {

    private static final String FOLLOWUP_PROMPT = "Ask me a followup question, then write the file";

    @TempDir
    static Path dataDir;

    private static TestRelay relay;
    private static RelayClient admin;
    private final List<RelayClient> clients = new ArrayList<>();
    private final Heard heard = new Heard();

    @BeforeAll
    static void startRelay() throws Exception {
        relay = TestRelay.start(dataDir);
        admin = connected("alice");
        allowWrites(true);
    }

    @AfterAll
    static void stopRelay() {
        admin.close();
        relay.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RelayClient::close);
    }

    @Test
    void aFollowupAnsweredWithTheFirstSuggestionLetsTheTaskComplete() throws Exception {
        TaskRunner runner = runner(AskPolicy.firstSuggestion());
        String taskId = runner.start(FOLLOWUP_PROMPT, List.of(), null).get(30, TimeUnit.SECONDS);

        TaskOutcome outcome = runner.outcome().get(60, TimeUnit.SECONDS);
        assertThat(outcome.reason()).isEqualTo(TaskOutcome.Reason.COMPLETED);
        assertThat(outcome.taskId()).isEqualTo(taskId);
        assertThat(outcome.result()).contains("greeting.txt");
        assertThat(outcome.taskOpt())
                .hasValueSatisfying(t -> assertThat(t.tokens()).isNotNull());
        assertThat(heard.started).containsExactly(taskId);
        assertThat(heard.answers).containsExactly("English");
        List<Long> seqs = heard.events.stream().map(ServerMessage.Event::seq).toList();
        assertThat(seqs).isNotEmpty().isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aFollowupThePolicyDoesNotAnswerEndsTheRunWaitingForInput() throws Exception {
        TaskRunner runner = runner(AskPolicy.stopOnFollowup());
        String taskId = runner.start(FOLLOWUP_PROMPT, List.of(), null).get(30, TimeUnit.SECONDS);

        TaskOutcome outcome = runner.outcome().get(60, TimeUnit.SECONDS);
        cancel(taskId);
        assertThat(outcome.reason()).isEqualTo(TaskOutcome.Reason.FOLLOWUP);
        assertThat(outcome.state()).isEqualTo(TaskOutcome.State.NEEDS_INPUT);
        assertThat(outcome.ask().isFollowup()).isTrue();
        assertThat(outcome.result()).isNull();
        assertThat(heard.answers).isEmpty();
    }

    @Test
    void anApprovalEndsTheRunWhateverThePolicy() throws Exception {
        allowWrites(false);
        try {
            TaskRunner runner = runner(AskPolicy.answer("yes"));
            String taskId = runner.start("Add a usage section to the README", List.of(), null)
                    .get(30, TimeUnit.SECONDS);

            TaskOutcome outcome = runner.outcome().get(60, TimeUnit.SECONDS);
            cancel(taskId);
            assertThat(outcome.reason()).isEqualTo(TaskOutcome.Reason.APPROVAL);
            assertThat(outcome.ask().isApproval()).isTrue();
            assertThat(outcome.ask().text()).contains("README.md");
            assertThat(heard.answers).isEmpty();
        } finally {
            allowWrites(true);
        }
    }

    @Test
    void timingOutLeavesTheTaskRunning() throws Exception {
        TaskRunner runner = runner(AskPolicy.stopOnFollowup());
        String taskId = runner.start("Write a long 20000 character essay", List.of(), null)
                .get(30, TimeUnit.SECONDS);

        TaskOutcome outcome = runner.timeOut();
        assertThat(outcome.reason()).isEqualTo(TaskOutcome.Reason.TIMED_OUT);
        assertThat(outcome.taskId()).isEqualTo(taskId);
        assertThat(runner.outcome().get(1, TimeUnit.SECONDS)).isEqualTo(outcome);
        int eventsAtTimeout = heard.events.size();
        assertThat(admin.history(relay.session())
                        .get(30, TimeUnit.SECONDS)
                        .get(0)
                        .taskId())
                .isEqualTo(taskId);
        cancel(taskId);
        assertThat(heard.events).as("no events after the outcome").hasSize(eventsAtTimeout);
    }

    @Test
    void followingATaskPicksItUpWhereItIsAndAnswersAsThePolicySays() throws Exception {
        TaskRunner starter = runner(AskPolicy.stopOnFollowup());
        String taskId = starter.start(FOLLOWUP_PROMPT, List.of(), null).get(30, TimeUnit.SECONDS);
        assertThat(starter.outcome().get(60, TimeUnit.SECONDS).reason()).isEqualTo(TaskOutcome.Reason.FOLLOWUP);

        TaskRunner waiting = runner(AskPolicy.stopOnFollowup());
        assertThat(waiting.follow(taskId).get(30, TimeUnit.SECONDS)).isEqualTo(taskId);
        TaskOutcome stillAsking = waiting.outcome().get(30, TimeUnit.SECONDS);
        assertThat(stillAsking.reason()).isEqualTo(TaskOutcome.Reason.FOLLOWUP);
        assertThat(stillAsking.taskId()).isEqualTo(taskId);
        assertThat(stillAsking.ask().isFollowup()).isTrue();

        TaskRunner answering = runner(AskPolicy.answer("German"));
        answering.follow(taskId).get(30, TimeUnit.SECONDS);
        TaskOutcome done = answering.outcome().get(60, TimeUnit.SECONDS);
        assertThat(done.reason()).isEqualTo(TaskOutcome.Reason.COMPLETED);
        assertThat(done.result()).contains("greeting.txt");
        assertThat(heard.answers).containsExactly("German");

        TaskRunner late = runner(AskPolicy.stopOnFollowup());
        late.follow(taskId).get(30, TimeUnit.SECONDS);
        assertThat(late.outcome().get(30, TimeUnit.SECONDS).reason()).isEqualTo(TaskOutcome.Reason.COMPLETED);
    }

    @Test
    void followingATaskTheSessionDoesNotHaveFails() throws Exception {
        TaskRunner runner = runner(AskPolicy.stopOnFollowup());
        assertThat(runner.follow("no-such-task"))
                .failsWithin(Duration.ofSeconds(30))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(RelayErrorException.class, e -> assertThat(e.code())
                        .isEqualTo(dev.rooremote.protocol.relay.ErrorCode.UNKNOWN_TASK));
        assertThat(runner.outcome()).isNotDone();
    }

    private TaskRunner runner(AskPolicy policy) throws Exception {
        RelayClient bob = connected("bob");
        clients.add(bob);
        return new TaskRunner(bob, relay.session(), policy, heard);
    }

    private static RelayClient connected(String user) throws Exception {
        RelayClient client = RelayClient.builder(relay.url())
                .fingerprint(relay.fingerprint())
                .credentials(relay.credentials(user))
                .requestTimeout(Duration.ofSeconds(20))
                .build();
        client.connect().get(30, TimeUnit.SECONDS);
        return client;
    }

    private static void allowWrites(boolean allow) throws Exception {
        JsonNode value = RooJson.nodes().booleanNode(allow);
        Map<String, JsonNode> changes = Map.of(
                "autoApprovalEnabled",
                value,
                "alwaysAllowWrite",
                value,
                "alwaysAllowReadOnly",
                RooJson.nodes().booleanNode(true));
        admin.updateSettings(relay.session(), changes).get(30, TimeUnit.SECONDS);
    }

    private static void cancel(String taskId) throws Exception {
        admin.cancel(relay.session(), taskId).get(30, TimeUnit.SECONDS);
    }

    /** What a run reported, in order. */
    private static final class Heard implements TaskRunner.Listener {
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
        final List<ServerMessage.Event> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> answers = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void started(String taskId) {
            started.add(taskId);
        }

        @Override
        public void event(WatchedSession session, ServerMessage.Event event) {
            events.add(event);
        }

        @Override
        public void answering(PendingAsk ask, FollowupQuestion question, String answer) {
            answers.add(answer);
        }
    }
}
