package dev.rooremote.relay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.IpcFrameEncoder;
import dev.rooremote.protocol.roo.IpcMessage;
import dev.rooremote.protocol.roo.RooEventName;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.protocol.roo.TaskEvent;
import dev.rooremote.protocol.roo.TokenUsage;
import dev.rooremote.testsupport.roo.ScriptedRoo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roo resends a streaming message's whole text every ~40 ms. The relay logs such updates at most once per
 * stream interval and folds a backlog into one, yet the transcript always ends exactly as Roo's and no
 * other event is reordered or dropped.
 */
class StreamingUpdatesTest {

    private static final String TASK = "0199a000-0000-7000-8000-000000000001";
    private static final long TS = 1_795_593_071_699L;

    @TempDir
    Path dir;

    @Test
    void aBurstOfUpdatesIsFoldedIntoFewerEventsWithTheSameFinalText() throws Exception {
        int updates = 800;
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        burst.write(frame(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, TASK)));
        burst.write(frame(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_STARTED, TASK)));
        for (int i = 0; i < updates; i++) {
            burst.write(
                    frame(update(i == 0, text.append("chunk ").append(i % 10).append(' '))));
        }
        // Bad and unexpected input in the middle: a broken frame, a fork's own event, an id no client accepts.
        burst.write("{\"type\":\"message\",\"data\":{broken\f".getBytes(StandardCharsets.UTF_8));
        burst.write(frame(new TaskEvent.UnknownTaskEvent("forkOnlyEvent", RooJson.parse("[\"" + TASK + "\",7]"))));
        burst.write(frame(new TaskEvent.TaskToolFailed("x".repeat(300), "read_file", "boom")));
        burst.write(frame(finalUpdate(text)));

        // No stream interval: only the backlog folds updates.
        try (Stream stream = new Stream(Duration.ZERO)) {
            stream.roo.write(burst.toByteArray());
            ClineMessage message = stream.awaitFinal();
            assertThat(message.text()).isEqualTo(text.toString());

            List<SessionEvent.Message> events = stream.messageEvents();
            assertThat(appended(events)).isEqualTo(text.length());
            assertThat(events).hasSizeLessThan(updates + 1);
            assertThat(stream.kit.events("s", SessionEvent.RooEvent.class))
                    .extracting(SessionEvent.RooEvent::name)
                    .contains("forkOnlyEvent", "taskToolFailed");
        }
    }

    @Test
    void updatesWithinTheIntervalAreSupersededByTheNextEventWhichSeesTheLatestText() throws Exception {
        // An interval far longer than the test: every update after the first is held.
        try (Stream stream = new Stream(Duration.ofSeconds(5))) {
            StringBuilder text = stream.text;
            stream.begin("Reading the files.");
            stream.grow(0, 50, i -> " part " + i);
            String beforeUsage = text.toString();
            stream.roo.send(new TaskEvent.TokenUsageUpdated(
                    TASK, new TokenUsage(10, 20, null, null, 0.01, 30), java.util.Map.of()));
            stream.grow(50, 100, i -> " part " + i);
            stream.roo.send(finalUpdate(text));

            assertThat(stream.awaitFinal().text()).isEqualTo(text.toString());
            List<String> kinds = new ArrayList<>();
            SessionState replay = new SessionState("s", null, null, null);
            String textAtUsage = null;
            for (ServerMessage.Event logged : stream.kit.events.get("s")) {
                SessionEvent event = logged.event();
                if (event instanceof SessionEvent.Message || event instanceof SessionEvent.TokenUsage) {
                    kinds.add(
                            event instanceof SessionEvent.Message m
                                    ? (m.created() ? "created" : m.message().isPartial() ? "update" : "final")
                                    : "tokens");
                }
                if (event instanceof SessionEvent.TokenUsage) {
                    textAtUsage = replay.message(TASK, TS).orElseThrow().text();
                }
                replay.apply(logged.seq(), logged.time(), event);
            }
            // Held updates are logged before the token usage (order kept) and dropped before the final one.
            assertThat(kinds).containsExactly("created", "update", "tokens", "final");
            assertThat(textAtUsage).isEqualTo(beforeUsage);
            assertThat(replay.message(TASK, TS).orElseThrow().text()).isEqualTo(text.toString());
        }
    }

    @Test
    void aStreamThatPausesShowsItsLatestTextOnceTheIntervalHasPassed() throws Exception {
        try (Stream stream = new Stream(Duration.ofMillis(300))) {
            stream.begin("Thinking");
            stream.grow(0, 20, i -> ".");
            // Roo says nothing more: the held update still reaches the log on its own.
            String latest = stream.text.toString();
            await().atMost(SessionKit.WAIT).until(() -> stream.kit
                    .read("s", s -> s.message(TASK, TS).map(ClineMessage::text))
                    .filter(latest::equals)
                    .isPresent());
            assertThat(stream.messageEvents()).hasSizeLessThanOrEqualTo(3);
            assertThat(stream.kit
                            .read("s", s -> s.message(TASK, TS))
                            .orElseThrow()
                            .isPartial())
                    .isTrue();
        }
    }

    private static TaskEvent.MessageEvent update(boolean created, CharSequence text) {
        return new TaskEvent.MessageEvent(
                TASK,
                created ? TaskEvent.MessageEvent.CREATED : TaskEvent.MessageEvent.UPDATED,
                ClineMessage.say(TS, SayKind.TEXT, text.toString(), true));
    }

    private static TaskEvent.MessageEvent finalUpdate(CharSequence text) {
        return new TaskEvent.MessageEvent(
                TASK, TaskEvent.MessageEvent.UPDATED, ClineMessage.say(TS, SayKind.TEXT, text.toString(), false));
    }

    private static long appended(List<SessionEvent.Message> events) {
        return events.stream()
                .filter(e -> e.text() != null)
                .mapToLong(e -> e.text().append() != null
                        ? e.text().append().length()
                        : e.text().replace().length())
                .sum();
    }

    private static byte[] frame(TaskEvent event) {
        return IpcFrameEncoder.encode(new IpcMessage.TaskEventMessage(event));
    }

    /** A session attached to a scripted Roo, with the given stream interval. */
    private final class Stream implements AutoCloseable {
        final ScriptedRoo roo;
        final SessionKit kit;

        Stream(Duration interval) throws Exception {
            Path socket = dir.resolve("roo.sock");
            roo = new ScriptedRoo(socket);
            kit = new SessionKit(
                    dir.resolve("data"),
                    List.of(new SessionConfig.Attach("s", socket)),
                    SessionKit.fastOptions().withStreamInterval(interval));
            roo.awaitClient(SessionKit.WAIT);
            // Settled first: a connection event in the middle of a stream would log the held update.
            await().atMost(SessionKit.WAIT)
                    .until(() -> kit.read("s", SessionState::connection) == ConnectionStatus.CONNECTED);
        }

        /** The streamed message's text so far. */
        final StringBuilder text = new StringBuilder();

        /** Starts the task and creates the streaming message with {@code first}. */
        void begin(String first) throws Exception {
            roo.send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_CREATED, TASK));
            roo.send(new TaskEvent.TaskLifecycleEvent(RooEventName.TASK_STARTED, TASK));
            roo.send(update(true, text.append(first)));
        }

        /** Sends partial updates {@code from} to {@code to}, each adding {@code piece(i)}. */
        void grow(int from, int to, IntFunction<String> piece) throws Exception {
            for (int i = from; i < to; i++) {
                roo.send(update(false, text.append(piece.apply(i))));
            }
        }

        ClineMessage awaitFinal() {
            await().atMost(SessionKit.WAIT).until(() -> kit.read("s", s -> s.message(TASK, TS))
                    .filter(m -> !m.isPartial())
                    .isPresent());
            return kit.read("s", s -> s.message(TASK, TS)).orElseThrow();
        }

        List<SessionEvent.Message> messageEvents() {
            return kit.events("s", SessionEvent.Message.class);
        }

        @Override
        public void close() throws IOException {
            kit.close();
            roo.close();
        }
    }
}
