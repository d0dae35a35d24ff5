package dev.rooremote.relay.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.demo.DemoRoo;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's side of docs/BRIDGE.md on real Unix sockets: against the demo Roo's bridge, which speaks
 * it as roo-remote-bridge does, and against a few raw servers for the error paths.
 */
class BridgeLinkTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final BridgeLink.Backoff FAST =
            new BridgeLink.Backoff(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), WAIT);

    @TempDir
    Path dir;

    DemoRoo roo;
    BridgeLink link;

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        if (roo != null) {
            roo.close();
        }
    }

    DemoRoo demoWithBridge(Path bridge, String secret) throws Exception {
        DemoRoo started = DemoRoo.start(dir.resolve("roo-" + System.nanoTime() + ".sock"), DemoRoo.Timing.fast(WAIT));
        started.serveBridge(bridge, secret);
        return started;
    }

    @Test
    void helloGivesTheBridgesCapabilitiesAndOpsAreAnsweredById() throws Exception {
        Path socket = dir.resolve("b.sock");
        roo = demoWithBridge(socket, "s3cret");
        try (BridgeClient client = BridgeClient.connect(socket, "s3cret", WAIT, null)) {
            BridgeHello hello = client.hello();
            assertThat(hello.protocol()).isEqualTo(1);
            assertThat(hello.status()).isEqualTo("ok");
            assertThat(hello.has(BridgeHello.APPROVE)).isTrue();
            assertThat(hello.has(BridgeHello.READ_SETTINGS)).isTrue();
            assertThat(hello.has(BridgeHello.WRITE_SETTINGS)).isTrue();
            assertThat(hello.has(BridgeHello.PROFILES)).isTrue();
            assertThat(client.request("listProfiles", null, WAIT)
                            .get(5, TimeUnit.SECONDS)
                            .path("active")
                            .asText())
                    .isEqualTo("default");

            var values = RooJson.object();
            values.put("alwaysAllowWrite", true);
            values.put("openAiApiKey", "sk-bridge-secret");
            var set = RooJson.object();
            set.set("values", values);
            JsonNode changed = client.request("setSettings", set, WAIT).get(5, TimeUnit.SECONDS);
            assertThat(changed.get("changed").toString()).isEqualTo("[\"alwaysAllowWrite\",\"openAiApiKey\"]");
            JsonNode settings = client.request("getSettings", null, WAIT).get(5, TimeUnit.SECONDS);
            assertThat(settings.get("settings").get("alwaysAllowWrite").asBoolean())
                    .isTrue();
            assertThat(settings.get("settings").has("openAiApiKey")).isFalse();
            assertThat(settings.toString()).doesNotContain("sk-bridge-secret");
            assertThat(settings.get("secretsSet").toString()).isEqualTo("[\"openAiApiKey\"]");
            var unknown = RooJson.object();
            unknown.putObject("values").put("alwaysAlowWrite", true);
            assertThatThrownBy(
                            () -> client.request("setSettings", unknown, WAIT).get(5, TimeUnit.SECONDS))
                    .cause()
                    .extracting(e -> ((BridgeException) e).code())
                    .isEqualTo("invalid");

            JsonNode pending = client.request("getPendingAsk", null, WAIT).get(5, TimeUnit.SECONDS);
            assertThat(pending.get("pending").isNull()).isTrue();

            var params = RooJson.object();
            params.put("taskId", "t-1");
            params.put("askTs", 5L);
            assertThatThrownBy(() -> client.request("approve", params, WAIT).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(BridgeException.class)
                    .extracting(e -> ((BridgeException) e).code())
                    .isEqualTo("no_pending_ask");
            assertThatThrownBy(() -> client.request("nope", null, WAIT).get(5, TimeUnit.SECONDS))
                    .cause()
                    .extracting(e -> ((BridgeException) e).code())
                    .isEqualTo("unsupported");
        }
    }

    @Test
    void aWrongSecretIsRefusedWithTheBridgesCode() throws Exception {
        Path socket = dir.resolve("b.sock");
        roo = demoWithBridge(socket, "right");
        assertThatThrownBy(() -> BridgeClient.connect(socket, "wrong", WAIT, null))
                .isInstanceOf(BridgeException.class)
                .extracting(e -> ((BridgeException) e).code())
                .isEqualTo("unauthorized");
    }

    @Test
    void aBridgeThatNeverAnswersHelloTimesOut() throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            long start = System.nanoTime();
            assertThatThrownBy(() -> BridgeClient.connect(socket, "x", Duration.ofMillis(300), null))
                    .isInstanceOf(BridgeException.class)
                    .extracting(e -> ((BridgeException) e).code())
                    .isEqualTo(BridgeException.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        }
    }

    @Test
    void aLineOverOneMebibyteEndsTheConnectionAndFailsWhatWaits() throws Exception {
        Path socket = dir.resolve("big.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread peer = new Thread(() -> {
                try (SocketChannel channel = server.accept()) {
                    channel.write(ByteBuffer.wrap(
                            "{\"type\":\"hello\",\"protocol\":1,\"status\":\"ok\",\"capabilities\":{}}\n"
                                    .getBytes(StandardCharsets.UTF_8)));
                    byte[] big = new byte[BridgeLines.MAX_LINE_BYTES + 10];
                    java.util.Arrays.fill(big, (byte) 'a');
                    Thread.sleep(200);
                    channel.write(ByteBuffer.wrap(big));
                    Thread.sleep(2_000);
                } catch (Exception e) {
                    // the client hung up
                }
            });
            peer.start();
            List<String> closed = new CopyOnWriteArrayList<>();
            BridgeClient client = BridgeClient.connect(socket, "x", WAIT, new BridgeClient.Listener() {
                @Override
                public void onClosed(String reason) {
                    closed.add(reason);
                }
            });
            var waiting = client.request("getPendingAsk", null, WAIT);
            await().atMost(WAIT).until(() -> !closed.isEmpty());
            assertThat(closed.get(0)).contains("longer than");
            assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                    .cause()
                    .extracting(e -> ((BridgeException) e).code())
                    .isEqualTo(BridgeException.UNAVAILABLE);
            peer.join(5_000);
        }
    }

    @Test
    void theLinkFollowsTheBridgeAwayAndBack() throws Exception {
        Path socket = dir.resolve("b.sock");
        List<BridgeLink.State> states = new CopyOnWriteArrayList<>();
        link = new BridgeLink("s", new BridgeLink.Address(socket, "s3cret"), FAST);
        link.start(states::add);

        await().atMost(WAIT)
                .until(() -> !link.state().connected() && link.state().reason().contains("no bridge"));
        assertThat(link.state().capabilities().approve()).isFalse();
        assertThat(link.state().capabilities().deny()).isTrue();

        roo = demoWithBridge(socket, "s3cret");
        await().atMost(WAIT).until(() -> link.state().capabilities().approve());
        assertThat(link.state().capabilities().reason()).contains("roo-remote-bridge");
        assertThat(link.request("getPendingAsk", null).get(5, TimeUnit.SECONDS).has("pending"))
                .isTrue();

        roo.close(); // VS Code went away
        await().atMost(WAIT).until(() -> !link.state().capabilities().approve());
        assertThat(link.state().reason()).isNotBlank();
        assertThatThrownBy(() -> link.request("getPendingAsk", null).get(5, TimeUnit.SECONDS))
                .cause()
                .extracting(e -> ((BridgeException) e).code())
                .isEqualTo(BridgeException.UNAVAILABLE);

        roo = demoWithBridge(socket, "s3cret"); // and came back
        await().atMost(WAIT).until(() -> link.state().capabilities().approve());
        assertThat(states.stream().filter(BridgeLink.State::connected)).hasSize(2);
    }

    @Test
    void aBridgeWithAnotherSecretShowsWhyApproveIsMissing() throws Exception {
        Path socket = dir.resolve("b.sock");
        roo = demoWithBridge(socket, "theirs");
        link = new BridgeLink("s", new BridgeLink.Address(socket, "ours"), FAST);
        link.start(state -> {});
        await().atMost(WAIT).until(() -> String.valueOf(link.state().reason()).contains("unauthorized"));
        assertThat(link.state().capabilities().approve()).isFalse();
        assertThat(link.state().capabilities().reason())
                .doesNotContain("theirs")
                .doesNotContain("ours");
    }
}
