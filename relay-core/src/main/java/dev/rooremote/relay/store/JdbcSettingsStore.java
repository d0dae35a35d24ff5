package dev.rooremote.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.RooSettings;
import dev.rooremote.relay.session.SettingsStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session settings profiles in the {@code settings} table, one JSON object per session. Secret values
 * (API keys, tokens: {@link RooSettings#isSecretKey}) are stored encrypted ({@link SecretBox}).
 */
public final class JdbcSettingsStore implements SettingsStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSettingsStore.class);

    private final Database database;
    private final SecretBox secrets;

    public JdbcSettingsStore(Database database) {
        this.database = database;
        this.secrets = new SecretBox(database.dataDir());
    }

    /**
     * Stores every profile again with its secrets sealed by the current key: profiles written before
     * secrets were encrypted, or sealed with the key before a rotation. Returns how many were stored.
     */
    public int resealAll() {
        List<String> sessions = database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT session_id FROM settings WHERE relay = ?")) {
                select.setString(1, database.relayKey());
                try (ResultSet rows = select.executeQuery()) {
                    List<String> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                    return ids;
                }
            }
        });
        int stored = 0;
        for (String sessionId : sessions) {
            Optional<ObjectNode> raw = raw(sessionId);
            if (raw.isEmpty() || sealedWithCurrentKey(raw.get())) {
                continue;
            }
            try {
                save(sessionId, unsealed(raw.get()));
                stored++;
            } catch (StoreException e) {
                LOG.warn("the secrets of session '{}' stay as they are: {}", sessionId, e.getMessage());
            }
        }
        return stored;
    }

    private boolean sealedWithCurrentKey(ObjectNode raw) {
        for (Map.Entry<String, JsonNode> field : raw.properties()) {
            String value = field.getValue().isTextual() ? field.getValue().asText() : null;
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (SecretBox.isSealed(value) ? !secrets.sealedWithCurrentKey(value) : mustSeal(field.getKey(), value)) {
                return false;
            }
        }
        return true;
    }

    /** Secret settings, and any value with credentials in a URL, are stored sealed. */
    private static boolean mustSeal(String key, String value) {
        return RooSettings.isSecretKey(key) || RooSettings.hasUrlCredentials(value);
    }

    /** The key the secrets are sealed with. */
    public SecretBox secrets() {
        return secrets;
    }

    @Override
    public Optional<ObjectNode> load(String sessionId) {
        return raw(sessionId).map(this::unsealed);
    }

    /** The profile as stored, secrets sealed. */
    private Optional<ObjectNode> raw(String sessionId) {
        String json = database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT json FROM settings WHERE relay = ? AND session_id = ?")) {
                select.setString(1, database.relayKey());
                select.setString(2, sessionId);
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

    private ObjectNode unsealed(ObjectNode raw) {
        for (Map.Entry<String, JsonNode> field : raw.properties()) {
            if (field.getValue().isTextual()
                    && SecretBox.isSealed(field.getValue().asText())) {
                field.setValue(TextNode.valueOf(secrets.open(field.getValue().asText())));
            }
        }
        return raw;
    }

    @Override
    public void save(String sessionId, ObjectNode settings) {
        ObjectNode sealed = settings.deepCopy();
        for (Map.Entry<String, JsonNode> field : sealed.properties()) {
            String value = field.getValue().isTextual() ? field.getValue().asText() : null;
            if (value != null && mustSeal(field.getKey(), value) && !SecretBox.isSealed(value)) {
                field.setValue(TextNode.valueOf(secrets.seal(value)));
            }
        }
        String json = RooJson.write(sealed);
        database.run(connection -> {
            try (PreparedStatement merge = connection.prepareStatement(
                    database.dialect().upsert("settings", 2, "relay", "session_id", "json", "updated_at"))) {
                merge.setString(1, database.relayKey());
                merge.setString(2, sessionId);
                merge.setString(3, json);
                merge.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                return merge.executeUpdate();
            }
        });
    }
}
