package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.ClineMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client asks for permessage-deflate and the relay grants it, with its context kept across messages: a
 * streamed reply costs less than its text, and less than its events compressed one by one.
 */
class CompressionTest {

    @TempDir
    Path dataDir;

    @Test
    void aStreamedReplyArrivesCompressed() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir);
                CountingProxy proxy = new CountingProxy(URI.create(relay.url()).getPort());
                RelayClient alice = RelayClient.builder(proxy.rewrite(relay.url()))
                        .fingerprint(relay.fingerprint())
                        .credentials(relay.credentials("alice"))
                        .build()) {
            alice.connect().get(30, TimeUnit.SECONDS);
            RelayCodec codec = new RelayCodec();
            AtomicLong deflatedAlone = new AtomicLong();
            alice.subscribe(relay.session(), (s, e) -> deflatedAlone.addAndGet(deflatedAlone(codec.encode(e))))
                    .get(30, TimeUnit.SECONDS);
            long before = proxy.bytesToClient();

            String taskId = alice.startTask(relay.session(), "long 20000", List.of(), null)
                    .get(30, TimeUnit.SECONDS);
            WatchedSession watched = alice.watched(relay.session()).orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> watched.task(taskId)
                    .map(t -> t.state() == TaskState.COMPLETED)
                    .orElse(false));

            long received = proxy.bytesToClient() - before;
            long text = watched.transcript(taskId).orElseThrow().stream()
                    .map(ClineMessage::text)
                    .filter(t -> t != null)
                    .mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length)
                    .sum();
            assertThat(text).isGreaterThan(20_000);
            // Uncompressed, the text alone (plus every event's envelope and TLS) would exceed it.
            assertThat(received).isLessThan(text / 2);
            // The relay keeps its compression context across messages: each event's repeated envelope costs a
            // back-reference, so all of them together cost less than each one compressed on its own would.
            assertThat(received).isLessThan(deflatedAlone.get());
        }
    }

    private static long deflatedAlone(String frame) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(frame.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] buffer = new byte[8192];
        long total = 0;
        while (!deflater.finished()) {
            total += deflater.deflate(buffer);
        }
        deflater.end();
        return total;
    }
}
