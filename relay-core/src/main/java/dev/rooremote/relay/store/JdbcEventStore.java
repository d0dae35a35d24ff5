package dev.rooremote.relay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.events.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session events in the {@code events} table: the session id, sequence number and time as columns,
 * the {@link SessionEvent} as JSON.
 *
 * <p>Appends are group-committed by one writer thread: {@link #append} queues the event and returns,
 * and the writer gathers events for 5 ms and commits them in one transaction. A synchronous commit per
 * event would put the disk on every event's path to its watchers (hundreds of microseconds to
 * milliseconds each), and a commit per event would take the CPU that forwarding needs; this way a
 * crash can lose only the events of the last few milliseconds, and {@link #load} and {@link #close}
 * first wait for everything queued to be committed (without waiting out the 5 ms). The store notes
 * whether it was closed with everything stored; after a run that was not, {@link #unstoredLastRun}
 * tells the event log how many numbers to skip.
 * The queue is bounded: if the disk cannot keep up, appends wait. While the database fails (a full disk,
 * a PostgreSQL server that is gone) the queue holds the events for later; once it is full, further
 * events are not kept (live watchers still get them), counted in {@link #notKept} and said in
 * {@link #problem}, so a long outage costs history, never the live sessions.
 */
public final class JdbcEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);
    private static final ObjectWriter WRITER = RooJson.mapper().writerFor(SessionEvent.class);
    private static final ObjectReader READER = RooJson.mapper().readerFor(SessionEvent.class);
    private static final int QUEUE = 10_000;
    private static final int BATCH = 1_000;
    /** How long the writer gathers events before a commit: fewer, larger commits leave the CPU to forwarding. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static final long FLUSH_TIMEOUT_MILLIS = 30_000;
    /** Below this much free space a failing commit is put down to a full disk. */
    private static final long LOW_SPACE_BYTES = 4L * 1024 * 1024;

    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    /** A queued event; its JSON is written by the writer thread, off the path that forwards the event. */
    private static final class Row {
        private final ServerMessage.Event event;
        private String json;

        Row(ServerMessage.Event event) {
            this.event = event;
        }

        ServerMessage.Event event() {
            return event;
        }

        String json() {
            return json;
        }
    }

    private final Database database;
    private final boolean ownsDatabase;
    private final BlockingQueue<Row> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Object progress = new Object();
    private final Thread writer;
    private long queued;
    private long committed;
    private volatile boolean closing;
    /** Someone waits for everything queued to be stored: the writer commits at once. */
    private volatile boolean flushWanted;

    private final long unstoredLastRun;
    /** Why the last commit failed, until one succeeds. */
    private volatile String problem;
    /** Events not kept because the database failed and the queue was full. */
    private final java.util.concurrent.atomic.AtomicLong notKept = new java.util.concurrent.atomic.AtomicLong();

    /** A store on {@code database}; closing the store leaves the database open. */
    public JdbcEventStore(Database database) {
        this(database, false);
    }

    /** A store that closes {@code database} when it is closed (when the event log owns it). */
    public JdbcEventStore(Database database, boolean ownsDatabase) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        // Not marked closed (or by a release that kept no mark): what it stored may not be all it handed out.
        this.unstoredLastRun = "closed".equals(markOpen("open")) ? 0 : QUEUE + BATCH;
        this.writer = new Thread(this::writeLoop, "relay-event-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public boolean append(ServerMessage.Event event) {
        if (closing) {
            throw new StoreException("the event store is closed; event " + event.seq() + " of session "
                    + event.sessionId() + " was not stored");
        }
        Row row = new Row(event);
        synchronized (progress) {
            queued++;
        }
        try {
            // A slow disk holds appends back; a failing database does not, once the queue is full.
            while (!(problem == null ? queue.offer(row, 100, TimeUnit.MILLISECONDS) : queue.offer(row))) {
                if (problem != null) {
                    synchronized (progress) {
                        queued--;
                    }
                    if (notKept.getAndIncrement() == 0) {
                        LOG.error(
                                "the database has failed for longer than the relay can hold events ({}): events"
                                        + " from now on reach live clients but are not kept",
                                QUEUE);
                    }
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while queueing event " + event.seq() + " of " + event.sessionId(), e);
        }
    }

    @Override
    public long notKept() {
        return notKept.get();
    }

    @Override
    public long unstoredLastRun() {
        return unstoredLastRun;
    }

    @Override
    public Optional<String> problem() {
        String now = problem;
        long lost = notKept.get();
        if (now == null) {
            return Optional.empty();
        }
        return Optional.of(
                lost == 0
                        ? now
                        : now + "; " + lost + " events were not kept (the outage outlasted the " + QUEUE
                                + " events the relay holds): live clients got them, and clients resuming across them get"
                                + " the session's current state");
    }

    @Override
    public long unstored() {
        synchronized (progress) {
            return queued - committed;
        }
    }

    /** Records whether the store is open or was closed with everything stored; returns what it was. */
    private String markOpen(String value) {
        return database.transaction(connection -> {
            String previous = null;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT val FROM store_state WHERE relay = ? AND name = 'events' FOR UPDATE")) {
                select.setString(1, database.relayKey());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        previous = rows.getString(1);
                    }
                }
            }
            try (PreparedStatement upsert =
                    connection.prepareStatement(database.dialect().upsert("store_state", 2, "relay", "name", "val"))) {
                upsert.setString(1, database.relayKey());
                upsert.setString(2, "events");
                upsert.setString(3, value);
                upsert.executeUpdate();
            }
            return previous;
        });
    }

    @Override
    public List<ServerMessage.Event> load(String sessionId, long afterSeq, int limit) {
        flush();
        if (limit <= 0) {
            return List.of();
        }
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, event_time, json FROM events WHERE relay = ? AND session_id = ? AND seq > ?"
                            + " ORDER BY seq LIMIT ?")) {
                select.setString(1, database.relayKey());
                select.setString(2, sessionId);
                select.setLong(3, afterSeq);
                select.setInt(4, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<ServerMessage.Event> events = new ArrayList<>();
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        events.add(new ServerMessage.Event(
                                sessionId, seq, rows.getLong(2), read(sessionId, seq, rows.getString(3))));
                    }
                    return events;
                }
            }
        });
    }

    /** The highest sequence number stored for a session, 0 when it has none. */
    public long lastSeq(String sessionId) {
        flush();
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT MAX(seq) FROM events WHERE relay = ? AND session_id = ?")) {
                select.setString(1, database.relayKey());
                select.setString(2, sessionId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    /** Waits until every event appended so far is committed (at most 30 s: then the database is failing). */
    public void flush() {
        flush(FLUSH_TIMEOUT_MILLIS);
    }

    private void flush(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (progress) {
            long target = queued;
            if (committed < target) {
                flushWanted = true;
                LockSupport.unpark(writer);
            }
            while (committed < target) {
                long left = deadline - System.currentTimeMillis();
                if (!writer.isAlive() || left <= 0) {
                    throw new StoreException((target - committed) + " events are not stored yet: the database is"
                            + " failing (the relay's log says why)");
                }
                try {
                    progress.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for events to be stored", e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (!closing) {
            try {
                flush(CLOSE_TIMEOUT_MILLIS);
            } catch (StoreException e) {
                LOG.error("closing the event store: {}", e.getMessage());
            }
            closing = true;
            writer.interrupt();
            try {
                writer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean allStored;
            synchronized (progress) {
                allStored = committed == queued && !writer.isAlive();
            }
            if (allStored) {
                try {
                    markOpen("closed");
                } catch (StoreException e) {
                    LOG.error("closing the event store: {}", e.getMessage());
                }
            }
        }
        if (ownsDatabase) {
            database.close();
        }
    }

    private void writeLoop() {
        List<Row> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Row first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    if (!flushWanted && !closing) {
                        LockSupport.parkNanos(LINGER_NANOS);
                    }
                    flushWanted = false;
                    queue.drainTo(batch, BATCH - 1);
                    encode(batch);
                    if (batch.isEmpty()) {
                        continue;
                    }
                }
                try {
                    insert(batch);
                } catch (StoreException e) {
                    insertEach(batch);
                }
                synchronized (progress) {
                    committed += batch.size();
                    progress.notifyAll();
                }
                batch.clear();
                if (problem != null) {
                    problem = null;
                    LOG.info("events are stored again");
                }
            } catch (InterruptedException e) {
                if (closing && queue.isEmpty() && batch.isEmpty()) {
                    return;
                }
            } catch (StoreException e) {
                if (closing) {
                    LOG.error(
                            "{} events were not stored because the relay is stopping: {}",
                            batch.size() + queue.size(),
                            e.getMessage());
                    return;
                }
                // Keep the batch and retry: events must not be dropped. Appends wait once the queue fills.
                problem = describe(e);
                LOG.error("cannot store {} events (retrying in 1 s): {}", batch.size() + queue.size(), problem);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    if (closing) {
                        LOG.error(
                                "{} events were not stored because the relay is stopping", batch.size() + queue.size());
                        return;
                    }
                }
            }
        }
    }

    /**
     * Stores rows one by one after a batch failed, skipping rows whose sequence number is already
     * stored (nothing is lost with them); throws on the first other failure, keeping the rest.
     */
    private void insertEach(List<Row> batch) {
        int done = 0;
        try {
            for (Row row : batch) {
                try {
                    insert(List.of(row));
                } catch (StoreException e) {
                    if (!isDuplicate(e)) {
                        throw e;
                    }
                    LOG.error(
                            "event {} of session {} is already stored; the new one is dropped: {}",
                            row.event().seq(),
                            row.event().sessionId(),
                            row.json());
                }
                done++;
            }
        } finally {
            if (done > 0 && done < batch.size()) {
                synchronized (progress) {
                    committed += done;
                    progress.notifyAll();
                }
                batch.subList(0, done).clear();
            }
        }
    }

    /** Says why events cannot be stored: plainly when the disk is full, else the database's own words. */
    private String describe(StoreException failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        message = message.lines().findFirst().orElse(message);
        if (database.dialect() != Database.Dialect.H2) {
            return "the database at " + database.location() + " fails: " + message;
        }
        Path root = database.dataDir().root();
        try {
            long free = Files.getFileStore(root).getUsableSpace();
            if (free < LOW_SPACE_BYTES) {
                return "the disk holding " + root + " is full (" + free / 1024 + " KiB free): free space there;"
                        + " the relay keeps the events in memory meanwhile and stores them once there is room";
            }
        } catch (IOException e) {
            // cannot tell: the database's message says what it can
        }
        return "the database in " + root + " fails: " + message;
    }

    private static boolean isDuplicate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void insert(List<Row> batch) {
        database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO events (relay, session_id, seq, event_time, json) VALUES (?, ?, ?, ?, ?)")) {
                for (Row row : batch) {
                    insert.setString(1, database.relayKey());
                    insert.setString(2, row.event().sessionId());
                    insert.setLong(3, row.event().seq());
                    insert.setLong(4, row.event().time());
                    insert.setString(5, row.json());
                    insert.addBatch();
                }
                return insert.executeBatch();
            }
        });
    }

    /**
     * Writes each row's JSON. An event that cannot be written (a defect, never seen) is logged and left
     * out, so that it cannot hold up every event after it.
     */
    private void encode(List<Row> batch) {
        int dropped = 0;
        for (var rows = batch.iterator(); rows.hasNext(); ) {
            Row row = rows.next();
            try {
                row.json = write(row.event().event());
            } catch (StoreException e) {
                LOG.error(
                        "event {} of session {} is not stored: {}",
                        row.event().seq(),
                        row.event().sessionId(),
                        e.getMessage());
                rows.remove();
                dropped++;
            }
        }
        if (dropped > 0) {
            synchronized (progress) {
                committed += dropped;
                progress.notifyAll();
            }
        }
    }

    private static String write(SessionEvent event) {
        try {
            return WRITER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new StoreException(
                    "cannot write event " + event.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static SessionEvent read(String sessionId, long seq, String json) {
        try {
            return READER.readValue(json);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // A damaged row must not stop the session's replay: keep its place in the numbering.
            LOG.warn(
                    "event {} of session {} cannot be read ({}); replaying it as an unknown event",
                    seq,
                    sessionId,
                    e.getMessage());
            return new SessionEvent.Unknown("unreadable", Map.of());
        }
    }
}
