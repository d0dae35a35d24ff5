package dev.rooremote.relay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Moves a relay's state between stores (the embedded database and PostgreSQL, either way) through a
 * file of JSON lines: the accounts, tokens, devices, passkeys and audit trail, and this relay's settings and session
 * events. The file ends with what it holds (rows per table, each session's event count and last
 * sequence number); an import writes everything in one transaction and checks the target against those
 * figures before it commits.
 *
 * <p>The file holds password hashes, token hashes and sealed settings: it is written 0600, and sealed
 * secrets open only with the data dir's own key (import into a relay on the same data dir, or enter
 * them again).
 */
public final class StoreTransfer {

    static final String FORMAT = "roo-relay-export";

    /** The tables moved, in an order that keeps references whole; those marked per relay carry its name. */
    private static final List<String> SHARED =
            List.of("users", "refresh_tokens", "agent_tokens", "devices", "passkeys", "audit");

    private static final List<String> PER_RELAY = List.of("settings", "events", "push_subscriptions", "push_sent");

    /** What was moved: rows per table, and per session its events and last sequence number. */
    public record Summary(Map<String, Long> rows, Map<String, long[]> sessions) {
        public String describe() {
            StringBuilder text = new StringBuilder();
            rows.forEach((table, count) -> text.append(String.format("  %-15s %8d rows%n", table, count)));
            sessions.forEach((session, figures) -> text.append(
                    String.format("  session %-20s %8d events, last number %d%n", session, figures[0], figures[1])));
            return text.toString();
        }
    }

    private StoreTransfer() {}

    /** Writes {@code database}'s state (this relay's part of it) to {@code file}, 0600; reports each table. */
    public static Summary export(Database database, Path file, Consumer<String> progress) {
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, long[]> sessions = new TreeMap<>();
        try {
            DataDir.writePrivate(file, new byte[0], true);
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                ObjectNode header = RooJson.object();
                header.put("format", FORMAT);
                header.put("schema", Database.SCHEMA_VERSION);
                header.put("from", database.location());
                header.put("cleanlyStopped", "closed".equals(storeState(database)));
                out.write(header.toString());
                out.newLine();
                for (String table : tables()) {
                    long count = database.run(connection -> copyOut(connection, database, table, out, sessions));
                    rows.put(table, count);
                    progress.accept(table + ": " + count + " rows");
                }
                ObjectNode footer = RooJson.object();
                footer.set("rows", RooJson.mapper().valueToTree(rows));
                footer.set("sessions", RooJson.mapper().valueToTree(sessions));
                out.write(footer.toString());
                out.newLine();
            }
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new Summary(rows, sessions);
    }

    /**
     * Reads {@code file} into {@code database}, whose part of the state is this relay's. Refuses a
     * target that already holds events of any session in the file; nothing is written unless every
     * figure matches.
     */
    public static Summary importInto(Database database, Path file, Consumer<String> progress) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new StoreException(file + " is empty, not a roo-relay export: make one with 'roo-relay export'");
            }
            JsonNode header = parse(file, 1, first);
            if (!FORMAT.equals(header.path("format").asText())) {
                throw new StoreException(file + " is not a roo-relay export: make one with 'roo-relay export'");
            }
            if (header.path("schema").asInt() > Database.SCHEMA_VERSION) {
                throw new StoreException(file + " was exported by a newer roo-relay (schema "
                        + header.path("schema").asInt() + "; this one knows " + Database.SCHEMA_VERSION
                        + "): import it with that release");
            }
            return database.transaction(connection -> copyIn(connection, database, file, in, header, progress));
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Summary copyIn(
            Connection connection,
            Database database,
            Path file,
            BufferedReader in,
            JsonNode header,
            Consumer<String> progress)
            throws SQLException {
        Map<String, Long> before = new LinkedHashMap<>();
        for (String table : tables()) {
            before.put(table, count(connection, database, table));
        }
        if (before.get("events") > 0 || before.get("settings") > 0) {
            throw new StoreException("the target already has sessions of relay '" + database.relayKey()
                    + "' (their history or settings): import into an empty store, or under another --relay-name."
                    + " Nothing was imported");
        }
        Map<String, Long> written = new LinkedHashMap<>();
        Map<String, PreparedStatement> inserts = new LinkedHashMap<>();
        JsonNode footer = null;
        try {
            int number = 1;
            String text;
            while ((text = readLine(in, file)) != null) {
                number++;
                JsonNode row = parse(file, number, text);
                if (footer != null) {
                    throw new StoreException(file + " line " + number + " follows the summary line: the file is"
                            + " damaged; export again");
                }
                if (!row.has("table")) {
                    footer = row;
                    continue;
                }
                String table = row.path("table").asText();
                if (!tables().contains(table) || !row.path("row").isObject()) {
                    throw new StoreException(file + " line " + number + " is not a row of a table the relay keeps");
                }
                ObjectNode values = (ObjectNode) row.get("row");
                if (PER_RELAY.contains(table)) {
                    values.put("relay", database.relayKey());
                }
                if (!table.equals("audit") && !PER_RELAY.contains(table) && exists(connection, table, values)) {
                    progress.accept(table + ": kept the target's own " + keyOf(table, values));
                    continue;
                }
                insert(connection, inserts, table, values);
                written.merge(table, 1L, Long::sum);
            }
        } finally {
            for (PreparedStatement statement : inserts.values()) {
                statement.close();
            }
        }
        if (footer == null
                || !footer.path("rows").isObject()
                || !footer.path("sessions").isObject()) {
            throw new StoreException(file + " ends early (no summary line): the export was cut short; export again."
                    + " Nothing was imported");
        }
        if (header.path("cleanlyStopped").asBoolean()) {
            try (PreparedStatement mark =
                    connection.prepareStatement(database.dialect().upsert("store_state", 2, "relay", "name", "val"))) {
                mark.setString(1, database.relayKey());
                mark.setString(2, "events");
                mark.setString(3, "closed");
                mark.executeUpdate();
            }
        }
        // The target against the file's own figures, before anything is committed.
        Map<String, long[]> sessions = new TreeMap<>();
        for (Map.Entry<String, JsonNode> session : footer.get("sessions").properties()) {
            long[] found = countEvents(connection, database, session.getKey());
            long[] expected = {
                session.getValue().path(0).asLong(), session.getValue().path(1).asLong()
            };
            if (found[0] != expected[0] || found[1] != expected[1]) {
                throw new StoreException("session '" + session.getKey() + "' would have " + found[0]
                        + " events up to number " + found[1] + ", the file says " + expected[0] + " up to "
                        + expected[1] + ": the file is damaged. Nothing was imported");
            }
            sessions.put(session.getKey(), found);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : tables()) {
            long added = count(connection, database, table) - before.get(table);
            long inFile = footer.get("rows").path(table).asLong();
            long skipped = inFile - written.getOrDefault(table, 0L);
            if (added != written.getOrDefault(table, 0L) || skipped < 0) {
                throw new StoreException(table + ": the file says " + inFile + " rows, " + added + " were added: the"
                        + " file is damaged. Nothing was imported");
            }
            rows.put(table, added);
            progress.accept(table + ": " + added + " rows" + (skipped > 0 ? " (" + skipped + " already there)" : ""));
        }
        return new Summary(rows, sessions);
    }

    private static String readLine(BufferedReader in, Path file) throws SQLException {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new SQLException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> tables() {
        List<String> all = new ArrayList<>(SHARED);
        all.addAll(PER_RELAY);
        return all;
    }

    private static long copyOut(
            Connection connection, Database database, String table, BufferedWriter out, Map<String, long[]> sessions)
            throws SQLException {
        boolean perRelay = PER_RELAY.contains(table);
        String order =
                table.equals("events") ? " ORDER BY session_id, seq" : table.equals("audit") ? " ORDER BY id" : "";
        try (PreparedStatement select =
                connection.prepareStatement("SELECT * FROM " + table + (perRelay ? " WHERE relay = ?" : "") + order)) {
            if (perRelay) {
                select.setString(1, database.relayKey());
            }
            select.setFetchSize(500);
            try (ResultSet rows = select.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                long count = 0;
                while (rows.next()) {
                    ObjectNode values = RooJson.object();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        String name = meta.getColumnLabel(column).toLowerCase(java.util.Locale.ROOT);
                        if (name.equals("relay") && perRelay || name.equals("id") && table.equals("audit")) {
                            continue;
                        }
                        put(values, name, meta.getColumnType(column), rows, column);
                    }
                    if (table.equals("events")) {
                        long[] figures = sessions.computeIfAbsent(
                                values.get("session_id").asText(), s -> new long[2]);
                        figures[0]++;
                        figures[1] = Math.max(figures[1], values.get("seq").asLong());
                    }
                    ObjectNode line = RooJson.object();
                    line.put("table", table);
                    line.set("row", values);
                    try {
                        out.write(line.toString());
                        out.newLine();
                    } catch (IOException e) {
                        throw new SQLException("cannot write the export: " + e.getMessage(), e);
                    }
                    count++;
                }
                return count;
            }
        }
    }

    private static void put(ObjectNode values, String name, int type, ResultSet rows, int column) throws SQLException {
        switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> {
                long value = rows.getLong(column);
                if (rows.wasNull()) {
                    values.putNull(name);
                } else {
                    values.put(name, value);
                }
            }
            case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP -> {
                OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                values.put(name, value == null ? null : value.toString());
            }
            default -> values.put(name, rows.getString(column));
        }
    }

    private static void insert(
            Connection connection, Map<String, PreparedStatement> inserts, String table, ObjectNode values)
            throws SQLException {
        List<String> names = new ArrayList<>();
        values.fieldNames().forEachRemaining(names::add);
        String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")";
        PreparedStatement insert = inserts.get(sql);
        if (insert == null) {
            insert = connection.prepareStatement(sql);
            inserts.put(sql, insert);
        }
        for (int i = 0; i < names.size(); i++) {
            JsonNode value = values.get(names.get(i));
            if (value == null || value.isNull()) {
                insert.setObject(i + 1, null);
            } else if (value.isIntegralNumber()) {
                insert.setLong(i + 1, value.asLong());
            } else if (isTime(names.get(i))) {
                insert.setObject(i + 1, OffsetDateTime.parse(value.asText()));
            } else {
                insert.setString(i + 1, value.asText());
            }
        }
        insert.executeUpdate();
    }

    private static boolean isTime(String column) {
        return column.equals("at") || column.endsWith("_at");
    }

    private static boolean exists(Connection connection, String table, ObjectNode values) throws SQLException {
        String key =
                switch (table) {
                    case "users" -> "name";
                    case "agent_tokens", "devices", "passkeys" -> "id";
                    default -> "token_hash";
                };
        try (PreparedStatement select =
                connection.prepareStatement("SELECT 1 FROM " + table + " WHERE " + key + " = ?")) {
            select.setString(1, values.path(key).asText());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String keyOf(String table, ObjectNode values) {
        return switch (table) {
            case "users" -> "user '" + values.path("name").asText() + "'";
            case "agent_tokens" -> "agent token '" + values.path("name").asText() + "'";
            case "devices" -> "device '" + values.path("name").asText() + "'";
            case "passkeys" ->
                "passkey '" + values.path("name").asText() + "' of "
                        + values.path("username").asText();
            default -> "refresh token";
        };
    }

    private static long count(Connection connection, Database database, String table) throws SQLException {
        boolean perRelay = PER_RELAY.contains(table);
        try (PreparedStatement select =
                connection.prepareStatement("SELECT COUNT(*) FROM " + table + (perRelay ? " WHERE relay = ?" : ""))) {
            if (perRelay) {
                select.setString(1, database.relayKey());
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long[] countEvents(Connection connection, Database database, String session) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM events WHERE relay = ? AND session_id = ?")) {
            select.setString(1, database.relayKey());
            select.setString(2, session);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }

    private static String storeState(Database database) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT val FROM store_state WHERE relay = ? AND name = 'events'")) {
                select.setString(1, database.relayKey());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    private static JsonNode parse(Path file, int line, String text) {
        try {
            JsonNode node = RooJson.mapper().readTree(text);
            if (node == null || !node.isObject()) {
                throw new StoreException(file + " line " + line + " is not a JSON object: the file is damaged");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new StoreException(file + " line " + line + " is not JSON (" + e.getOriginalMessage()
                    + "): the file is damaged; export again");
        }
    }
}
