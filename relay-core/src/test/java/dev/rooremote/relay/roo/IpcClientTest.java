package dev.rooremote.relay.roo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.roo.IpcFrameEncoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.ModeInfo;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.TaskCommand;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.relay.demo.DemoRoo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpcClientTest {

    @TempDir
    Path dir;

    /** Collects what a connection reports. */
    static final class Recorder implements IpcClient.Listener {
        final List<TaskEvent> events = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();

        @Override
        public void onEvent(TaskEvent event) {
            events.add(event);
        }

        @Override
        public void onFrameError(String reason, String rawPrefix) {
            errors.add(reason);
        }

        @Override
        public void onClosed(Throwable cause) {
            closed.complete(cause);
        }
    }

    @Test
    void queriesTheDemoRooWithItsClientId() throws IOException {
        Path socket = dir.resolve("roo.sock");
        LongAdder bytes = new LongAdder();
        Recorder recorder = new Recorder();
        try (DemoRoo roo = DemoRoo.start(socket, DemoRoo.Timing.fast(Duration.ofMillis(100)));
                IpcClient client = IpcClient.connect(socket, Duration.ofSeconds(5), recorder, bytes)) {
            assertThat(client.clientId()).matches("[0-9a-f]{12}");

            client.send(new TaskCommand.GetModes());

            await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.events.isEmpty());
            TaskEvent.ModesResponse modes = (TaskEvent.ModesResponse) recorder.events.get(0);
            assertThat(modes.modes()).extracting(ModeInfo::name).contains("🏗️ Architect", "🪃 Orchestrator");
            assertThat(bytes.sum()).isGreaterThan(100);
            assertThat(roo.receivedCommands()).containsExactly(new TaskCommand.GetModes());
        }
    }

    @Test
    void readsFramesWrittenOneByteAtATimeAndSurvivesABadFrame() throws Exception {
        Path socket = dir.resolve("split.sock");
        byte[] ack = IpcFrameEncoder.encode(new IpcMessage.Ack("abc123", 42, 1));
        byte[] garbage = "{not json\f".getBytes(StandardCharsets.UTF_8);
        byte[] event = IpcFrameEncoder.encode(new IpcMessage.TaskEventMessage(
                new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, "task-é-1")));
        ByteBuffer all = ByteBuffer.allocate(ack.length + garbage.length + event.length)
                .put(ack)
                .put(garbage)
                .put(event)
                .flip();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try (SocketChannel peer = server.accept()) {
                    while (all.hasRemaining()) {
                        peer.write(ByteBuffer.wrap(new byte[] {all.get()}));
                    }
                    ByteBuffer sink = ByteBuffer.allocate(1024);
                    while (peer.read(sink.clear()) >= 0) {
                        // wait until the client closes
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            LongAdder bytes = new LongAdder();
            Recorder recorder = new Recorder();
            try (IpcClient client = IpcClient.connect(socket, Duration.ofSeconds(5), recorder, bytes)) {
                assertThat(client.clientId()).isEqualTo("abc123");
                assertThat(client.rooPid()).isEqualTo(42);
                await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.size() == 1);
                assertThat(recorder.events.get(0))
                        .isEqualTo(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, "task-é-1"));
                assertThat(recorder.errors).hasSize(1);
                assertThat(bytes.sum()).isEqualTo(all.capacity());
            }
            written.get(10, TimeUnit.SECONDS);
            assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void failsClearlyWhenNoRooListens() {
        Path socket = dir.resolve("missing.sock");
        assertThatThrownBy(() -> IpcClient.connect(socket, Duration.ofSeconds(1), new Recorder(), null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void reportsWhenRooGoesAway() throws Exception {
        Path socket = dir.resolve("gone.sock");
        Recorder recorder = new Recorder();
        DemoRoo roo = DemoRoo.start(socket, DemoRoo.Timing.fast(Duration.ofMillis(100)));
        try (IpcClient client = IpcClient.connect(socket, Duration.ofSeconds(5), recorder, null)) {
            roo.close();
            assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(client.isOpen()).isFalse();
            assertThatThrownBy(() -> client.send(new TaskCommand.GetModes())).isInstanceOf(IOException.class);
        }
    }
}
