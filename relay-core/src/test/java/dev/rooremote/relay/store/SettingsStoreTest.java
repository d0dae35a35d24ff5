package dev.rooremote.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Settings profiles, held by the embedded database and by PostgreSQL alike: kept, updated, secrets sealed. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SettingsStoreTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dataDir;

    private StoreKind.TestStore store;

    @BeforeEach
    void create() {
        store = kind.create(dataDir);
    }

    @Test
    void profilesSurviveARestartUpdateInPlaceAndKeepTheirSecretsSealed() {
        ObjectNode profile = RooJson.object();
        profile.put("mode", "code");
        profile.put("apiKey", "sk-secret-0123456789");
        profile.putArray("allowedCommands").add("npm test").add("git status");
        try (Database database = store.open()) {
            JdbcSettingsStore settings = new JdbcSettingsStore(database);
            assertThat(settings.load("s1")).isEmpty();
            settings.save("s1", profile);
            String raw = database.run(connection -> {
                try (PreparedStatement select = connection.prepareStatement("SELECT json FROM settings")) {
                    try (ResultSet rows = select.executeQuery()) {
                        rows.next();
                        return rows.getString(1);
                    }
                }
            });
            assertThat(raw).contains("npm test").doesNotContain("sk-secret-0123456789");
        }
        try (Database database = store.open()) {
            JdbcSettingsStore settings = new JdbcSettingsStore(database);
            assertThat(settings.load("s1")).contains(profile);
            ObjectNode changed = profile.deepCopy().put("mode", "architect");
            settings.save("s1", changed);
            assertThat(settings.load("s1")).contains(changed);
            assertThat(settings.load("s2")).isEmpty();
        }
    }
}
