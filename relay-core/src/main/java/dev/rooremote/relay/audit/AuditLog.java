package dev.rooremote.relay.audit;

import dev.rooremote.relay.LogText;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who changed what and when: every request that acts on a session (allowed or refused) and every
 * change to accounts and tokens, in the {@code audit} table and as a log line.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger("roo.audit");
    private static final int MAX_DETAIL = 1024;

    /**
     * One audit row.
     *
     * @param relay the name of the relay that did it; null for the command line's own changes
     */
    public record Entry(
            Instant at,
            String actor,
            String action,
            String sessionId,
            String taskId,
            String outcome,
            String detail,
            String relay) {}

    private final Database database;
    private final Clock clock;
    private final String relayName;

    /** The audit trail of the command line's changes (no relay did them). */
    public AuditLog(Database database, Clock clock) {
        this(database, clock, null);
    }

    /** The audit trail of relay {@code relayName}. */
    public AuditLog(Database database, Clock clock, String relayName) {
        this.database = database;
        this.clock = clock;
        this.relayName = relayName;
    }

    public void record(String actor, String action, String sessionId, String taskId, String outcome, String detail) {
        Instant at = clock.instant();
        String trimmed = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        LOG.info(
                "actor={} action={} session={} task={} outcome={}{}",
                LogText.of(actor),
                LogText.of(action),
                LogText.of(sessionId),
                LogText.of(taskId),
                LogText.of(outcome),
                trimmed == null ? "" : " detail=" + LogText.quoted(trimmed));
        try {
            database.run(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO audit (at, actor, action, session_id, task_id, outcome, detail, relay)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    insert.setString(2, truncate(actor, 128));
                    insert.setString(3, truncate(action, 64));
                    insert.setString(4, sessionId);
                    insert.setString(5, truncate(taskId, 128));
                    insert.setString(6, truncate(outcome, 32));
                    insert.setString(7, trimmed);
                    insert.setString(8, relayName);
                    return insert.executeUpdate();
                }
            });
        } catch (StoreException e) {
            // The log line above still records it; an audit failure must not fail the request.
            LOG.error("cannot write the audit row for {} by {}: {}", action, actor, e.getMessage());
        }
    }

    /** What {@link #query} returns: entries that match every given field (null matches all), newest first. */
    public record Query(Instant since, String actor, String action, String sessionId, String outcome, int limit) {
        public Query {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be 1 or more");
            }
        }

        public static Query newest(int limit) {
            return new Query(null, null, null, null, null, limit);
        }
    }

    /** The newest {@code limit} entries, newest first. */
    public List<Entry> recent(int limit) {
        return query(Query.newest(limit));
    }

    /** The entries that match {@code query}, newest first. */
    public List<Entry> query(Query query) {
        StringBuilder sql = new StringBuilder(
                "SELECT at, actor, action, session_id, task_id, outcome, detail, relay FROM audit WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.since() != null) {
            sql.append(" AND at >= ?");
            parameters.add(OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC));
        }
        for (String[] column : new String[][] {
            {"actor", query.actor()},
            {"action", query.action()},
            {"session_id", query.sessionId()},
            {"outcome", query.outcome()}
        }) {
            if (column[1] != null) {
                sql.append(" AND ").append(column[0]).append(" = ?");
                parameters.add(column[1]);
            }
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(query.limit());
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<Entry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(new Entry(
                                rows.getObject(1, OffsetDateTime.class).toInstant(),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5),
                                rows.getString(6),
                                rows.getString(7),
                                rows.getString(8)));
                    }
                    return entries;
                }
            }
        });
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
