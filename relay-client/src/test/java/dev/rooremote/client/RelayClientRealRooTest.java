package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.testsupport.RealRooRelay;
import dev.rooremote.testsupport.roo.RealRoo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client library through a real relay against the real Roo Code 3.52.1 extension: a 20 KB reply
 * arrives whole at about its own size on the wire, a client that joins late sees the same transcript,
 * and a relay restarted while Roo streams loses nothing.
 */
@Tag(RealRoo.TAG)
class RelayClientRealRooTest {

    private static final String SESSION = RealRooRelay.SESSION;
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    static RealRooRelay real = RealRooRelay.instance();

    private static RelayClient client(String url) throws Exception {
        RelayClient client = RelayClient.builder(url)
                .fingerprint(real.relay().fingerprint())
                .credentials(
                        Credentials.password("bob", real.relay().password("bob").toCharArray()))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build();
        client.connect().get(30, TimeUnit.SECONDS);
        return client;
    }

    private static void awaitState(WatchedSession watched, String taskId, TaskState state) {
        await().atMost(WAIT)
                .until(() -> watched.task(taskId).map(t -> t.state() == state).orElse(false));
    }

    /**
     * The other client sees what the watching one sees, also through the transcript request. Roo may
     * still update a message (the request's cost) after the completion ask: both clients follow it,
     * so they agree once Roo is done.
     */
    private static void assertSameTranscript(WatchedSession watching, RelayClient other, String taskId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ClineMessage> live = watching.transcript(taskId).orElseThrow();
            List<ClineMessage> seen =
                    other.watched(SESSION).orElseThrow().transcript(taskId).orElseThrow();
            assertThat(outline(seen)).isEqualTo(outline(live));
            assertThat(seen).isEqualTo(live);
            assertThat(other.transcript(SESSION, taskId)
                            .get(30, TimeUnit.SECONDS)
                            .messages())
                    .isEqualTo(live);
        });
    }

    /** One line a message, short enough to read in a failure: identity, kind, state and text size. */
    private static List<String> outline(List<ClineMessage> transcript) {
        return transcript.stream()
                .map(m -> m.ts() + " " + m.type() + ":" + (m.ask() != null ? m.ask() : m.say()) + " partial="
                        + m.partial() + " text="
                        + (m.text() == null ? -1 : m.text().length()) + " "
                        + (m.text() == null ? "" : Integer.toHexString(m.text().hashCode())))
                .toList();
    }

    private static long textBytes(List<ClineMessage> transcript) {
        return transcript.stream()
                .map(ClineMessage::text)
                .filter(t -> t != null)
                .mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length)
                .sum();
    }

    @Test
    void aLongReplyArrivesWholeAtAboutItsOwnSizeAndALateClientSeesTheSameTranscript() throws Exception {
        try (CountingProxy proxy =
                        new CountingProxy(URI.create(real.relay().url()).getPort());
                RelayClient bob = client(proxy.rewrite(real.relay().url()))) {
            bob.subscribe(SESSION, (s, e) -> {}).get(30, TimeUnit.SECONDS);
            long before = proxy.bytesToClient();
            String taskId =
                    bob.startTask(SESSION, "long reply please", List.of(), null).get(30, TimeUnit.SECONDS);
            WatchedSession watched = bob.watched(SESSION).orElseThrow();
            awaitState(watched, taskId, TaskState.COMPLETED);
            long onTheWire = proxy.bytesToClient() - before;

            List<ClineMessage> transcript = watched.transcript(taskId).orElseThrow();
            assertThat(transcript)
                    .anySatisfy(m -> assertThat(m.text()).hasSizeGreaterThanOrEqualTo(20_000))
                    .allSatisfy(m -> assertThat(m.partial()).isNotEqualTo(Boolean.TRUE));
            // the streaming target: the whole task's traffic, TLS included, within 1.2 x its text
            assertThat(onTheWire).isLessThanOrEqualTo((long) (1.2 * textBytes(transcript)));

            try (RelayClient late = client(real.relay().url())) {
                late.subscribe(SESSION, (s, e) -> {}).get(30, TimeUnit.SECONDS);
                assertSameTranscript(watched, late, taskId);
            }
        }
    }

    @Test
    void aRelayRestartedWhileRooStreamsLosesNothing() throws Exception {
        try (RelayClient bob = client(real.relay().url())) {
            AtomicBoolean streaming = new AtomicBoolean();
            bob.subscribe(SESSION, (s, e) -> {
                        if (e.event() instanceof SessionEvent.Message m
                                && Boolean.TRUE.equals(m.message().partial())) {
                            streaming.set(true);
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            String taskId =
                    bob.startTask(SESSION, "long reply again", List.of(), null).get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).untilTrue(streaming);
            real.relay().restart();

            WatchedSession resumed = bob.watched(SESSION).orElseThrow();
            awaitState(resumed, taskId, TaskState.COMPLETED);
            List<ClineMessage> seen = resumed.transcript(taskId).orElseThrow();
            assertThat(seen).anySatisfy(m -> assertThat(m.text()).hasSizeGreaterThanOrEqualTo(20_000));
            try (RelayClient fresh = client(real.relay().url())) {
                fresh.subscribe(SESSION, (s, e) -> {}).get(30, TimeUnit.SECONDS);
                assertSameTranscript(resumed, fresh, taskId);
            }
        }
    }
}
