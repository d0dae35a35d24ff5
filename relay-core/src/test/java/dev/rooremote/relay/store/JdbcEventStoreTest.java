package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TextDelta;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.events.EventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The event store's contract, held by the embedded database and by PostgreSQL alike. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class JdbcEventStoreTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dataDir;

    private StoreKind.TestStore stores;

    @BeforeEach
    void createStore() {
        stores = kind.create(dataDir);
    }

    @Test
    void eventsSurviveClosingAndReopeningTheDatabase() {
        List<ServerMessage.Event> written = new ArrayList<>();
        try (Database database = stores.open();
                JdbcEventStore store = new JdbcEventStore(database)) {
            written.add(event("s1", 1, new SessionEvent.Connection(ConnectionStatus.CONNECTED, null)));
            written.add(event("s1", 2, new SessionEvent.TaskStarted("t1", "Write a haiku", null)));
            written.add(event("s1", 3, streamed("t1", 1000L, "Autumn moon ☾ — 🍂", true)));
            written.add(event("s2", 1, new SessionEvent.Connection(ConnectionStatus.CONNECTING, "waiting")));
            written.forEach(store::append);
        }

        try (Database database = stores.open()) {
            JdbcEventStore store = new JdbcEventStore(database);
            assertThat(store.load("s1", 0, 100)).containsExactlyElementsOf(written.subList(0, 3));
            assertThat(store.load("s2", 0, 100)).containsExactly(written.get(3));
            assertThat(store.lastSeq("s1")).isEqualTo(3);
            assertThat(store.lastSeq("unknown")).isZero();
        }
    }

    @Test
    void loadPagesInSequenceOrderAfterTheGivenNumber() {
        try (Database database = stores.open()) {
            JdbcEventStore store = new JdbcEventStore(database);
            for (long seq = 1; seq <= 25; seq++) {
                store.append(event("s", seq, new SessionEvent.TaskStateChanged("t", TaskState.RUNNING)));
            }
            List<Long> seen = new ArrayList<>();
            long after = 0;
            while (true) {
                List<ServerMessage.Event> page = store.load("s", after, 10);
                if (page.isEmpty()) {
                    break;
                }
                assertThat(page.size()).isLessThanOrEqualTo(10);
                page.forEach(e -> seen.add(e.seq()));
                after = page.get(page.size() - 1).seq();
            }
            assertThat(seen)
                    .hasSize(25)
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .startsWith(1L)
                    .endsWith(25L);
            assertThat(store.load("s", 20, 10))
                    .extracting(ServerMessage.Event::seq)
                    .containsExactly(21L, 22L, 23L, 24L, 25L);
            assertThat(store.load("s", 25, 10)).isEmpty();
            assertThat(store.load("s", 0, 0)).isEmpty();
        }
    }

    @Test
    void aSequenceNumberIsStoredOnlyOnceAndLaterEventsStillAre() {
        try (Database database = stores.open()) {
            JdbcEventStore store = new JdbcEventStore(database);
            store.append(event("s", 1, new SessionEvent.TaskStarted("t", "first", null)));
            store.append(event("s", 1, new SessionEvent.TaskStarted("t", "again", null)));
            store.append(event("s", 2, new SessionEvent.TaskStateChanged("t", TaskState.RUNNING)));
            List<ServerMessage.Event> stored = store.load("s", 0, 10);
            assertThat(stored).extracting(ServerMessage.Event::seq).containsExactly(1L, 2L);
            assertThat(((SessionEvent.TaskStarted) stored.get(0).event()).text())
                    .isEqualTo("first");
        }
    }

    @Test
    void manyAppendsAreAllCommittedAndReadableRightAway() {
        try (Database database = stores.open()) {
            JdbcEventStore store = new JdbcEventStore(database);
            for (long seq = 1; seq <= 3000; seq++) {
                store.append(event("s", seq, new SessionEvent.TaskStateChanged("t", TaskState.RUNNING)));
                if (seq % 1000 == 0) {
                    assertThat(store.lastSeq("s")).isEqualTo(seq);
                }
            }
            store.close();
            assertThatThrownBy(() -> store.append(event("s", 3001, new SessionEvent.TaskStarted("t", "late", null))))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("closed");
        }
        try (Database database = stores.open()) {
            assertThat(new JdbcEventStore(database).lastSeq("s")).isEqualTo(3000);
        }
    }

    @Test
    void aDamagedRowKeepsItsPlaceInTheNumberingInsteadOfStoppingTheReplay() {
        try (Database database = stores.open()) {
            JdbcEventStore store = new JdbcEventStore(database);
            store.append(event("s", 1, new SessionEvent.TaskStarted("t", "first", null)));
            database.run(connection -> connection
                    .createStatement()
                    .executeUpdate("INSERT INTO events (relay, session_id, seq, event_time, json) VALUES ('"
                            + database.relayKey() + "', 's', 2, 0, '{oops')"));
            store.append(event("s", 3, new SessionEvent.TaskStateChanged("t", TaskState.COMPLETED)));

            List<ServerMessage.Event> loaded = store.load("s", 0, 10);
            assertThat(loaded).extracting(ServerMessage.Event::seq).containsExactly(1L, 2L, 3L);
            assertThat(loaded.get(1).event()).isInstanceOf(SessionEvent.Unknown.class);
            assertThat(loaded.get(2).event()).isEqualTo(new SessionEvent.TaskStateChanged("t", TaskState.COMPLETED));
        }
    }

    @Test
    void aClientResumingWhileRooStreamsGetsEveryEventOnceAndInOrder() throws Exception {
        try (EventLog log = new EventLog(new JdbcEventStore(Database.open(dataDir), true))) {
            log.open("s1", "Session one", EndpointKind.DEMO, Capabilities.stockIpc());
            for (int i = 0; i < 2_000; i++) {
                log.append("s1", new SessionEvent.TaskStateChanged("t1", TaskState.RUNNING));
            }
            Thread roo = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    log.append("s1", new SessionEvent.TaskStateChanged("t1", TaskState.RUNNING));
                }
            });
            List<ServerMessage> resumed = new CopyOnWriteArrayList<>();
            roo.start();
            long continuesAfter = log.subscribe("s1", 10L, resumed::add);
            roo.join();
            long last = log.read("s1", SessionState::seq);
            List<Long> seqs =
                    resumed.stream().map(m -> ((ServerMessage.Event) m).seq()).toList();
            assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize((int) (last - 10));
            assertThat(seqs.get(0)).isEqualTo(11L);
            assertThat(seqs.get(seqs.size() - 1)).isEqualTo(last);
            assertThat(seqs).contains(continuesAfter);
        }
    }

    @Test
    void eventLogStateAndResumeSurviveARestart() {
        List<ServerMessage> firstRun = new CopyOnWriteArrayList<>();
        try (EventLog log = new EventLog(new JdbcEventStore(stores.open(), true))) {
            log.open("s1", "Session one", EndpointKind.DEMO, Capabilities.stockIpc());
            log.subscribe("s1", 0L, firstRun::add);
            log.append("s1", new SessionEvent.Connection(ConnectionStatus.CONNECTED, null));
            log.append("s1", new SessionEvent.TaskStarted("t1", "Explain the build", null));
            log.append("s1", streamed("t1", 500L, "The build", true));
            log.append(
                    "s1",
                    new SessionEvent.Message(
                            "t1",
                            false,
                            ClineMessage.say(500L, SayKind.TEXT, null, false),
                            TextDelta.append(" uses Maven."),
                            null));
        }
        assertThat(firstRun).hasSize(4);

        try (EventLog log = new EventLog(new JdbcEventStore(stores.open(), true))) {
            log.open("s1", "Session one", EndpointKind.DEMO, Capabilities.stockIpc());
            long seq = log.read("s1", SessionState::seq);
            assertThat(seq).isEqualTo(4);
            List<ClineMessage> transcript =
                    log.read("s1", s -> s.transcript("t1").orElseThrow());
            assertThat(transcript)
                    .singleElement()
                    .extracting(ClineMessage::text)
                    .isEqualTo("The build uses Maven.");

            List<ServerMessage> resumed = new CopyOnWriteArrayList<>();
            long continuesAfter = log.subscribe("s1", 2L, resumed::add);
            assertThat(continuesAfter).isEqualTo(4);
            log.append("s1", new SessionEvent.TaskStateChanged("t1", TaskState.COMPLETED));
            assertThat(resumed).extracting(m -> ((ServerMessage.Event) m).seq()).containsExactly(3L, 4L, 5L);
            assertThat(resumed.subList(0, 2)).containsExactlyElementsOf(firstRun.subList(2, 4));
        }
    }

    @Test
    void numbersARunHandedOutWithoutStoringAreNeverGivenToOtherEvents() {
        try (Database database = stores.open()) {
            // A run that stops abruptly (kill -9): watchers saw events 1 to 7, only 1 to 5 were stored,
            // and the store was never closed.
            JdbcEventStore crashed = new JdbcEventStore(database);
            EventLog first = new EventLog(new EventStore() {
                @Override
                public boolean append(ServerMessage.Event event) {
                    // The crash loses what comes after 5 without the log knowing.
                    return event.seq() > 5 || crashed.append(event);
                }

                @Override
                public List<ServerMessage.Event> load(String sessionId, long afterSeq, int limit) {
                    return crashed.load(sessionId, afterSeq, limit);
                }

                @Override
                public void close() {}
            });
            first.open("s1", "Session one", EndpointKind.DEMO, Capabilities.stockIpc());
            for (int i = 1; i <= 7; i++) {
                first.append("s1", new SessionEvent.TaskStarted("t" + i, "task " + i, null));
            }
            crashed.flush();

            long skippedTo;
            try (JdbcEventStore store = new JdbcEventStore(database)) {
                long unstored = store.unstoredLastRun();
                assertThat(unstored).isPositive();
                EventLog second = new EventLog(store);
                second.open("s1", "Session one", EndpointKind.DEMO, Capabilities.stockIpc());
                // The numbers the crashed run may have handed out are skipped, and the skip is an event.
                skippedTo = 5 + unstored;
                assertThat(second.read("s1", SessionState::seq)).isEqualTo(skippedTo + 1);
                boolean lostTaskKnown = second.read("s1", s -> s.task("t6").isPresent());
                assertThat(lostTaskKnown).isFalse();

                // A client that saw the lost events 6 and 7 gets a snapshot: it holds what the log lost.
                assertThat(firstMessage(second, 7L)).isInstanceOf(ServerMessage.Snapshot.class);
                assertThat(firstMessage(second, 6L)).isInstanceOf(ServerMessage.Snapshot.class);
                // One whose last event was stored resumes with the stored events and the announced skip.
                List<ServerMessage> fromStored = new ArrayList<>();
                second.subscribe("s1", 3L, fromStored::add);
                assertThat(fromStored).allMatch(ServerMessage.Event.class::isInstance);
                assertThat(fromStored)
                        .extracting(m -> ((ServerMessage.Event) m).seq())
                        .containsExactly(4L, 5L, skippedTo + 1);
                assertThat(((ServerMessage.Event) fromStored.get(2)).event())
                        .isEqualTo(new SessionEvent.EventsSkipped(6, skippedTo));
                // What is left to send counts events, not numbers.
                assertThat(second.backlog("s1", 3L)).isEqualTo(3);
                ServerMessage.Event next =
                        second.append("s1", new SessionEvent.TaskStarted("t8", "after the restart", null));
                assertThat(next.seq()).isEqualTo(skippedTo + 2);
            }

            // The next run stopped cleanly: nothing more is skipped, and resumes across the old skip are exact.
            try (JdbcEventStore store = new JdbcEventStore(database)) {
                assertThat(store.unstoredLastRun()).isZero();
                EventLog third = new EventLog(store);
                third.open("s1", "Session one", EndpointKind.DEMO, Capabilities.stockIpc());
                assertThat(third.read("s1", SessionState::seq)).isEqualTo(skippedTo + 2);
                List<ServerMessage> resumed = new CopyOnWriteArrayList<>();
                third.subscribe("s1", skippedTo + 1, resumed::add);
                assertThat(resumed)
                        .singleElement()
                        .extracting(m -> ((ServerMessage.Event) m).seq())
                        .isEqualTo(skippedTo + 2);
                assertThat(firstMessage(third, 4L)).isInstanceOf(ServerMessage.Event.class);
                assertThat(firstMessage(third, 5L)).isInstanceOf(ServerMessage.Event.class);
                assertThat(firstMessage(third, 7L)).isInstanceOf(ServerMessage.Snapshot.class);
            }
        }
    }

    /** What a client resuming after {@code afterSeq} gets first. */
    private static ServerMessage firstMessage(EventLog log, long afterSeq) {
        List<ServerMessage> got = new ArrayList<>();
        Consumer<ServerMessage> watcher = got::add;
        log.subscribe("s1", afterSeq, watcher);
        log.unsubscribe("s1", watcher);
        return got.get(0);
    }

    private static SessionEvent.Message streamed(String taskId, long ts, String text, boolean partial) {
        return new SessionEvent.Message(
                taskId, true, ClineMessage.say(ts, SayKind.TEXT, null, partial), TextDelta.append(text), null);
    }

    private static ServerMessage.Event event(String sessionId, long seq, SessionEvent event) {
        return new ServerMessage.Event(sessionId, seq, 1_700_000_000_000L + seq, event);
    }
}
