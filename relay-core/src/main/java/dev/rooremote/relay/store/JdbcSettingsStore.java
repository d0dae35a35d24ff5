package dev.rooremote.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.session.SettingsStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Session settings profiles in the {@code settings} table, one JSON object per session. */
public final class JdbcSettingsStore implements SettingsStore {

    private final Database database;

    public JdbcSettingsStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<ObjectNode> load(String sessionId) {
        String json = database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT json FROM settings WHERE session_id = ?")) {
                select.setString(1, sessionId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
        if (json == null) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = RooJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw new StoreException(
                    "the stored settings of session '" + sessionId + "' are damaged: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new StoreException("the stored settings of session '" + sessionId + "' are not a JSON object");
        }
        return Optional.of(object);
    }

    @Override
    public void save(String sessionId, ObjectNode settings) {
        String json = RooJson.write(settings);
        database.run(connection -> {
            try (PreparedStatement merge = connection.prepareStatement(
                    "MERGE INTO settings (session_id, json, updated_at) KEY (session_id) VALUES (?, ?, ?)")) {
                merge.setString(1, sessionId);
                merge.setString(2, json);
                merge.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                return merge.executeUpdate();
            }
        });
    }
}
