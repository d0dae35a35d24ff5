package dev.rooremote.relay.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.IpcFrameEncoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.relay.roo.IpcClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo Roo behaves like the recorded extension on the wire. */
class DemoRooTest {

    @TempDir
    Path dir;

    DemoRoo roo;

    @BeforeEach
    void start() throws IOException {
        roo = DemoRoo.start(dir.resolve("demo.sock"), DemoRoo.Timing.fast(Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() {
        roo.close();
    }

    static final class Events implements IpcClient.Listener {
        final List<TaskEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(TaskEvent event) {
            all.add(event);
        }

        List<String> names() {
            return all.stream().map(TaskEvent::eventName).toList();
        }
    }

    IpcClient connect(Events events) throws IOException {
        return IpcClient.connect(roo.socket(), Duration.ofSeconds(5), events, null);
    }

    @Test
    void answersQueriesOnlyToTheAskerButBroadcastsTaskEvents() throws IOException {
        Events a = new Events();
        Events b = new Events();
        try (IpcClient clientA = connect(a);
                IpcClient clientB = connect(b)) {
            assertThat(clientB.clientId()).isNotEqualTo(clientA.clientId());
            clientA.send(new TaskCommand.GetModes());
            clientA.send(new TaskCommand.GetCommands());
            clientA.send(new TaskCommand.StartNewTask(RooSettings.empty(), "Add a usage section"));

            await().atMost(Duration.ofSeconds(10)).until(() -> b.names().contains("taskCreated"));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.names().contains("taskCreated"));
            assertThat(a.names()).startsWith("modesResponse", "commandsResponse");
            assertThat(b.names()).doesNotContain("modesResponse", "commandsResponse");
        }
    }

    @Test
    void ignoresInvalidFramesAndOtherClientsIds() throws IOException {
        Events events = new Events();
        try (IpcClient client = connect(events)) {
            try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                raw.connect(UnixDomainSocketAddress.of(roo.socket()));
                String noOrigin = "{\"type\":\"message\",\"data\":{\"type\":\"TaskCommand\",\"clientId\":\""
                        + client.clientId() + "\",\"data\":{\"commandName\":\"GetModes\"}}}\f";
                raw.write(ByteBuffer.wrap(noOrigin.getBytes(StandardCharsets.UTF_8)));
                raw.write(ByteBuffer.wrap(IpcFrameEncoder.encode(
                        new IpcMessage.TaskCommandMessage(client.clientId(), new TaskCommand.GetModes()))));
                raw.write(ByteBuffer.wrap("garbage\f".getBytes(StandardCharsets.UTF_8)));
            }
            client.send(new TaskCommand.GetCommands());

            await().atMost(Duration.ofSeconds(10)).until(() -> events.names().contains("commandsResponse"));
            assertThat(events.names()).containsExactly("commandsResponse");
            assertThat(roo.receivedCommands()).containsExactly(new TaskCommand.GetCommands());
        }
    }

    @Test
    void startingATaskAbortsTheCurrentOneFirst() throws IOException {
        Events events = new Events();
        try (IpcClient client = connect(events)) {
            client.send(new TaskCommand.StartNewTask(RooSettings.empty(), "Write a long explanation"));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.names().contains("taskStarted"));
            String first = created(events).get(0);
            int before = events.all.size();

            client.send(new TaskCommand.StartNewTask(RooSettings.empty(), "Add a usage section"));

            await().atMost(Duration.ofSeconds(10)).until(() -> created(events).size() == 2);
            List<String> after = events.names().subList(before, events.all.size());
            assertThat(after).containsSubsequence("taskUnfocused", "taskAborted", "taskCreated", "taskFocused");
            TaskEvent.TaskLifecycleEvent unfocused = events.all.subList(before, events.all.size()).stream()
                    .filter(e -> e instanceof TaskEvent.TaskLifecycleEvent l && l.kind() == RooEventName.TASK_UNFOCUSED)
                    .map(TaskEvent.TaskLifecycleEvent.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertThat(unfocused.taskId()).isEqualTo(first);
        }
    }

    @Test
    void finishesWithAFinalCompletionAskThenTaskIdleAndNoTaskCompleted() throws IOException {
        Events events = new Events();
        try (IpcClient client = connect(events)) {
            client.send(new TaskCommand.StartNewTask(
                    RooSettings.empty().with("autoApprovalEnabled", true).with("alwaysAllowWrite", true),
                    "Add a usage section"));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.names().contains("taskIdle"));
            assertThat(events.names()).doesNotContain("taskCompleted", "taskInteractive");
            List<TaskEvent.MessageEvent> messages = events.all.stream()
                    .filter(TaskEvent.MessageEvent.class::isInstance)
                    .map(TaskEvent.MessageEvent.class::cast)
                    .toList();
            ClineMessage lastAsk = messages.stream()
                    .map(TaskEvent.MessageEvent::message)
                    .filter(ClineMessage::isAsk)
                    .reduce((first, second) -> second)
                    .orElseThrow();
            assertThat(lastAsk.ask()).isEqualTo(AskKind.COMPLETION_RESULT);
            assertThat(lastAsk.text()).isEmpty();
            assertThat(messages)
                    .anyMatch(m -> AskKind.TOOL.equals(m.message().ask())
                            && Boolean.TRUE.equals(m.message().isAnswered()));
        }
    }

    @Test
    void aMessageSentWhileBusyIsQueuedAndApprovesTheNextToolAsk() throws IOException {
        roo.close();
        // slow enough that the message surely arrives while the reply streams
        Duration step = Duration.ofMillis(20);
        roo = DemoRoo.start(dir.resolve("slow.sock"), new DemoRoo.Timing(step, step, step, Duration.ofMillis(100)));
        Events events = new Events();
        try (IpcClient client = connect(events)) {
            client.send(new TaskCommand.StartNewTask(RooSettings.empty(), "Add a usage section"));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.names().contains("taskStarted"));
            client.send(new TaskCommand.SendMessage("looks good"));

            await().atMost(Duration.ofSeconds(10)).until(() -> events.names().contains("taskIdle"));
            assertThat(events.names()).contains("queuedMessagesUpdated").doesNotContain("taskInteractive");
            assertThat(events.all)
                    .anyMatch(e -> e instanceof TaskEvent.MessageEvent m
                            && AskKind.TOOL.equals(m.message().ask())
                            && Boolean.TRUE.equals(m.message().isAnswered()));
        }
    }

    @Test
    void cancelReloadsTheTaskUnderItsIdWithAResumeAsk() throws IOException {
        Events events = new Events();
        try (IpcClient client = connect(events)) {
            client.send(new TaskCommand.StartNewTask(RooSettings.empty(), "Write a long explanation, long 30000"));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.all.stream()
                    .anyMatch(e ->
                            e instanceof TaskEvent.MessageEvent m && m.message().isPartial()));
            String taskId = created(events).get(0);
            int before = events.all.size();

            client.send(new TaskCommand.CancelTask());

            await().atMost(Duration.ofSeconds(10)).until(() -> events.names().contains("taskResumable"));
            List<TaskEvent> after = events.all.subList(before, events.all.size());
            assertThat(after.stream().map(TaskEvent::eventName).toList())
                    .containsSubsequence("taskAborted", "taskCreated", "taskFocused", "message", "taskResumable");
            assertThat(created(events)).containsExactly(taskId, taskId);
            assertThat(after)
                    .noneMatch(e -> e instanceof TaskEvent.MessageEvent m
                            && m.message().isSay()
                            && Boolean.FALSE.equals(m.message().partial()));
            assertThat(after)
                    .as("the request in progress is marked cancelled, as Roo does, so it never reads as running")
                    .anyMatch(e -> e instanceof TaskEvent.MessageEvent m
                            && SayKind.API_REQ_STARTED.equals(m.message().say())
                            && m.message().text().contains("\"cancelReason\":\"user_cancelled\""));
        }
    }

    private static List<String> created(Events events) {
        return events.all.stream()
                .filter(e -> e instanceof TaskEvent.TaskLifecycleEvent l && l.kind() == RooEventName.TASK_CREATED)
                .map(e -> ((TaskEvent.TaskLifecycleEvent) e).taskId())
                .toList();
    }
}
