package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.IpcFrameEncoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskEvent;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of streaming updates faster than the log takes them, with bad input mixed in: the transcript
 * still ends exactly right and nothing Roo sent is dropped.
 */
class StreamingBurstTest {

    @TempDir
    Path dir;

    @Test
    void aBurstOfUpdatesIsFoldedIntoFewerEventsWithTheSameFinalText() throws Exception {
        String taskId = "0199a000-0000-7000-8000-000000000001";
        long ts = 1_795_593_071_699L;
        int updates = 800;
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        burst.write(frame(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, taskId)));
        burst.write(frame(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_STARTED, taskId)));
        for (int i = 0; i < updates; i++) {
            text.append("chunk ").append(i % 10).append(' ');
            String action = i == 0 ? TaskEvent.MessageEvent.CREATED : TaskEvent.MessageEvent.UPDATED;
            burst.write(frame(new TaskEvent.MessageEvent(
                    taskId, action, ClineMessage.say(ts, SayKind.TEXT, text.toString(), true))));
        }
        // Bad and unexpected input in the middle: a broken frame, a fork's own event, an id no client accepts.
        burst.write("{\"type\":\"message\",\"data\":{broken\f".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        burst.write(frame(new TaskEvent.UnknownTaskEvent("forkOnlyEvent", RooJson.parse("[\"" + taskId + "\",7]"))));
        burst.write(frame(new TaskEvent.TaskToolFailed("x".repeat(300), "read_file", "boom")));
        burst.write(frame(new TaskEvent.MessageEvent(
                taskId, TaskEvent.MessageEvent.UPDATED, ClineMessage.say(ts, SayKind.TEXT, text.toString(), false))));
        String finalText = text.toString();

        Path socket = dir.resolve("burst.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SocketChannel roo = server.accept()) {
                    roo.write(ByteBuffer.wrap(IpcFrameEncoder.encode(new IpcMessage.Ack("burst1", 1, 1))));
                    ByteBuffer all = ByteBuffer.wrap(burst.toByteArray());
                    while (all.hasRemaining()) {
                        roo.write(all);
                    }
                    ByteBuffer sink = ByteBuffer.allocate(4096);
                    while (roo.read(sink.clear()) >= 0) {
                        // hold the connection until the relay closes it
                    }
                } catch (Exception e) {
                    // the relay closed the connection
                }
            });
            try (SessionKit kit = new SessionKit(
                    dir.resolve("data"), List.of(new SessionConfig.Attach("s", socket)), SessionKit.fastOptions())) {
                await().atMost(SessionKit.WAIT).until(() -> kit.read("s", st -> st.message(taskId, ts))
                        .filter(m -> !m.isPartial())
                        .isPresent());
                ClineMessage message =
                        kit.read("s", st -> st.message(taskId, ts)).orElseThrow();
                assertThat(message.text()).isEqualTo(finalText);

                List<SessionEvent.Message> events = kit.events("s", SessionEvent.Message.class);
                long appended = events.stream()
                        .filter(e -> e.text() != null)
                        .mapToLong(e -> e.text().append() != null
                                ? e.text().append().length()
                                : e.text().replace().length())
                        .sum();
                assertThat(appended).isEqualTo(finalText.length());
                assertThat(events).hasSizeLessThan(updates + 1);
                assertThat(kit.events("s", SessionEvent.RooEvent.class))
                        .extracting(SessionEvent.RooEvent::name)
                        .contains("forkOnlyEvent", "taskToolFailed");
                System.out.printf("burst of %d updates logged as %d message events%n", updates + 1, events.size());
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }

    private static byte[] frame(TaskEvent event) {
        return IpcFrameEncoder.encode(new IpcMessage.TaskEventMessage(event));
    }
}
