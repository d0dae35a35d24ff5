package dev.rooremote.relay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.events.EventStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session events in the {@code events} table: the session id, sequence number and time as columns,
 * the {@link SessionEvent} as JSON. Appends are auto-committed one by one, so an event is on disk
 * before it is delivered to anyone.
 */
public final class JdbcEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);
    private static final ObjectWriter WRITER = RooJson.mapper().writerFor(SessionEvent.class);
    private static final ObjectReader READER = RooJson.mapper().readerFor(SessionEvent.class);

    private final Database database;
    private final boolean ownsDatabase;

    /** A store on {@code database}; closing the store leaves the database open. */
    public JdbcEventStore(Database database) {
        this(database, false);
    }

    /** A store that closes {@code database} when it is closed (when the event log owns it). */
    public JdbcEventStore(Database database, boolean ownsDatabase) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
    }

    @Override
    public void append(ServerMessage.Event event) {
        String json = write(event.event());
        database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO events (session_id, seq, event_time, json) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, event.sessionId());
                insert.setLong(2, event.seq());
                insert.setLong(3, event.time());
                insert.setString(4, json);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<ServerMessage.Event> load(String sessionId, long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, event_time, json FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                select.setString(1, sessionId);
                select.setLong(2, afterSeq);
                select.setInt(3, limit);
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
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT MAX(seq) FROM events WHERE session_id = ?")) {
                select.setString(1, sessionId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
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
            return new SessionEvent.Unknown("unreadable", java.util.Map.of());
        }
    }
}
