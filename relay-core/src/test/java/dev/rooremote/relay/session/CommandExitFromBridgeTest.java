package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.relay.bridge.BridgeLines;
import dev.rooremote.relay.bridge.BridgeLink;
import dev.rooremote.relay.demo.DemoRoo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit statuses the bridge reports (its {@code commandExit} event) on real Unix sockets: a session attached
 * to the demo Roo, with a bridge played by the test so that it can send what a broken bridge might.
 */
class CommandExitFromBridgeTest {

    private static final String S = "attached";

    @TempDir
    Path dir;

    @Test
    void badCommandExitEventsAreRefusedWithALogLineAndAGoodOneLandsOnTheCommand() throws Exception {
        Path rooSocket = dir.resolve("roo.sock");
        Path bridgeSocket = dir.resolve("bridge.sock");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (DemoRoo roo = DemoRoo.start(rooSocket, DemoRoo.Timing.fast(Duration.ofMillis(150)));
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(bridgeSocket));
            CompletableFuture<SocketChannel> bridge = CompletableFuture.supplyAsync(() -> greet(server));
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (SessionKit kit = new SessionKit(
                    dir.resolve("data"),
                    List.of(new SessionConfig.Attach(S, rooSocket, new BridgeLink.Address(bridgeSocket, "s3cret"))),
                    SessionKit.fastOptions())) {
                kit.awaitConnected(S);
                SocketChannel channel = bridge.get(20, TimeUnit.SECONDS);
                String taskId = kit.startTask(S, "Run the test command");
                PendingAsk command = kit.awaitPending(S, "command");
                long said = kit.lastMessage(S, taskId, m -> SayKind.TEXT.equals(m.say()))
                        .orElseThrow()
                        .ts();

                send(channel, "{\"type\":\"event\",\"event\":\"commandExit\",\"ts\":5,\"exitCode\":0}");
                send(channel, event(taskId, "\"12\"", "\"exitCode\":0"));
                send(channel, event(taskId, String.valueOf(command.ts()), "\"exitCode\":1,\"signal\":\"SIGKILL\""));
                send(channel, event(taskId, String.valueOf(command.ts()), "\"exitCode\":1.5"));
                send(channel, event(taskId, String.valueOf(command.ts()), "\"signal\":\"SIG TERM\\nINFO forged\""));
                send(channel, event(taskId, String.valueOf(said), "\"exitCode\":4"));
                send(channel, "{\"type\":\"event\",\"event\":\"somethingNew\",\"x\":1}");
                send(channel, event(taskId, String.valueOf(command.ts()), "\"exitCode\":3"));

                await().atMost(SessionKit.WAIT).until(() -> exitOf(kit, taskId, command.ts()) != null);
                assertThat(exitOf(kit, taskId, command.ts())).isEqualTo(ExitStatus.exited(3));
                assertThat(exitOf(kit, taskId, said)).isNull();
                assertThat(kit.read(S, SessionState::connection)).isEqualTo(ConnectionStatus.CONNECTED);
                // the snapshot a late joiner gets has it too
                List<ClineMessage> snapshot = kit.read(S, s -> s.snapshot().messages());
                assertThat(snapshot)
                        .anyMatch(m ->
                                m.ts() == command.ts() && ExitStatus.exited(3).equals(m.exitStatus()));
                // a repeat (the bridge resends what it knows after a reconnect) logs nothing new
                int before = kit.events(S).size();
                send(channel, event(taskId, String.valueOf(command.ts()), "\"exitCode\":3"));
                await().during(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(3))
                        .untilAsserted(() -> assertThat(kit.events(S)).hasSize(before));
                channel.close();
            } finally {
                System.setErr(err);
            }
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log)
                .contains("ignored a commandExit event from the bridge: \"taskId\" must be a task id")
                .contains("ignored a commandExit event from the bridge: \"ts\" must be a positive whole number")
                .contains("needs either \"exitCode\" or \"signal\", not both")
                .contains("\"exitCode\" must be a whole number")
                .contains("a signal is a name of 1 to 32 letters")
                .contains("is not a command's output (say text");
        assertThat(log.lines()).noneMatch(line -> line.startsWith("INFO forged"));
    }

    private static String event(String taskId, String ts, String status) {
        return "{\"type\":\"event\",\"event\":\"commandExit\",\"taskId\":\"" + taskId + "\",\"ts\":" + ts + "," + status
                + "}";
    }

    private static ExitStatus exitOf(SessionKit kit, String taskId, long ts) {
        return kit.read(
                S, s -> s.message(taskId, ts).map(ClineMessage::exitStatus).orElse(null));
    }

    /** Accepts the relay, takes its hello and answers it as roo-remote-bridge does. */
    private static SocketChannel greet(ServerSocketChannel server) {
        try {
            SocketChannel channel = server.accept();
            BridgeLines lines = new BridgeLines();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (true) {
                if (channel.read(buffer.clear()) < 0) {
                    throw new IOException("the relay hung up before its hello");
                }
                buffer.flip();
                if (!lines.feed(buffer).isEmpty()) {
                    break;
                }
            }
            ObjectNode hello = RooJson.object();
            hello.put("type", "hello");
            hello.put("protocol", 1);
            hello.putObject("bridge").put("id", "rooremote.roo-remote-bridge").put("version", "0.1.0");
            hello.putObject("roo").put("id", "RooVeterinaryInc.roo-cline").put("version", "3.52.1");
            hello.put("status", "ok");
            hello.put("message", "Using RooVeterinaryInc.roo-cline 3.52.1.");
            hello.putObject("capabilities");
            send(channel, RooJson.write(hello));
            return channel;
        } catch (IOException | BridgeLines.FramingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(SocketChannel channel, String line) throws IOException {
        ByteBuffer bytes = BridgeLines.encode(line);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
