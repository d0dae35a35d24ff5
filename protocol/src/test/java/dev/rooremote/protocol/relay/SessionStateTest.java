package dev.rooremote.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStateTest {

    private final SessionState relay = new SessionState("demo-1", "Demo 1", EndpointKind.DEMO, Capabilities.stockIpc());
    private final List<ServerMessage.Event> log = new ArrayList<>();

    private void publish(SessionEvent event) {
        ServerMessage.Event sequenced = new ServerMessage.Event("demo-1", relay.seq() + 1, 1000 + relay.seq(), event);
        relay.apply(sequenced.seq(), sequenced.time(), event);
        log.add(sequenced);
    }

    private static ClineMessage message(String json) {
        return RooJson.convert(RooJson.parse(json), ClineMessage.class);
    }

    private void stream(String taskId, long ts, String... texts) {
        for (int i = 0; i < texts.length; i++) {
            boolean last = i == texts.length - 1;
            ClineMessage next = message("{\"ts\":%d,\"type\":\"say\",\"say\":\"text\",\"text\":%s,\"partial\":%s}"
                    .formatted(ts, RooJson.write(texts[i]), !last));
            publish(relay.messageEvent(taskId, next));
        }
    }

    @Test
    void capabilitiesFollowTheirEvents() {
        Capabilities bridged = new Capabilities(true, true, true, "roo-remote-bridge 0.1.0");
        publish(new SessionEvent.CapabilitiesChanged(bridged));
        assertThat(relay.info().capabilities()).isEqualTo(bridged);

        publish(new SessionEvent.CapabilitiesChanged(Capabilities.stockIpc("the bridge went away")));
        assertThat(relay.info().capabilities().approve()).isFalse();
        assertThat(relay.info().capabilities().reason()).isEqualTo("the bridge went away");
    }

    @Test
    void aClientRebuildsStreamedMessagesFromDeltasExactly() {
        publish(new SessionEvent.TaskStarted("t-1", "Say hello", null));
        stream("t-1", 10, "Hel", "Hello, wor", "Hello, world 👋", "Hello, world 👋!");
        stream("t-1", 11, "first draft", "rewritten");

        SessionState client = new SessionState("demo-1", "Demo 1", EndpointKind.DEMO, Capabilities.stockIpc());
        log.forEach(e -> client.apply(e.seq(), e.time(), e.event()));

        assertThat(client.transcript("t-1")).isEqualTo(relay.transcript("t-1"));
        assertThat(client.message("t-1", 10).orElseThrow().text()).isEqualTo("Hello, world 👋!");
        assertThat(client.message("t-1", 10).orElseThrow().partial()).isFalse();
        assertThat(client.message("t-1", 11).orElseThrow().text()).isEqualTo("rewritten");
    }

    @Test
    void updatesCarryOnlyTheAppendedText() {
        publish(new SessionEvent.TaskStarted("t-1", "Say hello", null));
        stream("t-1", 10, "Hello", "Hello, world");
        SessionEvent.Message update =
                (SessionEvent.Message) log.get(log.size() - 1).event();
        assertThat(update.created()).isFalse();
        assertThat(update.text()).isEqualTo(TextDelta.append(", world"));
        assertThat(update.message().text())
                .as("the text travels only as a delta")
                .isNull();
    }

    @Test
    void duplicateEventsAfterAResumeAreIgnored() {
        publish(new SessionEvent.TaskStarted("t-1", "Say hello", null));
        stream("t-1", 10, "Hello", "Hello, world");
        SessionState client = new SessionState("demo-1", "Demo 1", EndpointKind.DEMO, Capabilities.stockIpc());
        log.forEach(e -> client.apply(e.seq(), e.time(), e.event()));
        boolean appliedAgain =
                client.apply(log.get(2).seq(), log.get(2).time(), log.get(2).event());
        assertThat(appliedAgain).isFalse();
        assertThat(client.message("t-1", 10).orElseThrow().text()).isEqualTo("Hello, world");
    }

    @Test
    void aLateJoinerStartsFromASnapshotAndContinuesWithEvents() {
        publish(new SessionEvent.Connection(ConnectionStatus.CONNECTED, null));
        publish(new SessionEvent.ModesListed(List.of(new SessionEvent.Mode("code", "💻 Code"))));
        publish(new SessionEvent.TaskStarted("t-1", "Say hello", null));
        stream("t-1", 10, "Hel", "Hello");
        PendingAsk ask =
                new PendingAsk("t-1", 12, "followup", PendingAsk.Category.INTERACTIVE, "{\"question\":\"Which?\"}");
        publish(new SessionEvent.AskPending(ask));
        publish(new SessionEvent.TaskStateChanged("t-1", TaskState.NEEDS_INPUT));

        SessionSnapshot snapshot = relay.snapshot();
        SessionState late = SessionState.fromSnapshot(relay.seq(), snapshot);
        assertThat(late.snapshot()).isEqualTo(snapshot);
        assertThat(late.pendingAsk()).contains(ask);
        assertThat(late.info().task().state()).isEqualTo(TaskState.NEEDS_INPUT);

        publish(new SessionEvent.AskResolved("t-1", 12, SessionEvent.Resolution.ANSWERED));
        stream("t-1", 10, "Hello", "Hello again");
        publish(new SessionEvent.TaskStateChanged("t-1", TaskState.COMPLETED));
        // Events up to the snapshot's seq are ignored; the rest continue it.
        log.forEach(e -> late.apply(e.seq(), e.time(), e.event()));

        assertThat(late.pendingAsk()).isEmpty();
        assertThat(late.snapshot()).isEqualTo(relay.snapshot());
        assertThat(late.message("t-1", 10).orElseThrow().text()).isEqualTo("Hello again");
    }

    @Test
    void historyListsTasksNewestFirstWithTheirPromptAndTokens() {
        publish(new SessionEvent.TaskStarted("t-1", "First", null));
        publish(new SessionEvent.TokenUsage("t-1", new Tokens(10, 5, 0, 0, 0.25, 15)));
        publish(new SessionEvent.TaskStateChanged("t-1", TaskState.COMPLETED));
        publish(new SessionEvent.TaskStarted("t-2", "Second", null));

        assertThat(relay.history()).extracting(TaskSummary::taskId).containsExactly("t-2", "t-1");
        TaskSummary first = relay.task("t-1").orElseThrow();
        assertThat(first.text()).isEqualTo("First");
        assertThat(first.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(first.tokens().cost()).isEqualTo(0.25);
        assertThat(relay.currentTaskId()).contains("t-2");
    }
}
