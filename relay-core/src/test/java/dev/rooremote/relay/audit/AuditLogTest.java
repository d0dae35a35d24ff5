package dev.rooremote.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.relay.auth.MutableClock;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit trail, held by the embedded database and by PostgreSQL alike: kept, newest first, filtered. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AuditLogTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dataDir;

    @Test
    void entriesAreKeptNewestFirstFilteredAndLongDetailsCut() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
        StoreKind.TestStore store = kind.create(dataDir);
        try (Database database = store.open()) {
            AuditLog audit = new AuditLog(database, clock, "north");
            audit.record("alice", "login", null, null, "ok", null);
            clock.advance(Duration.ofHours(2));
            audit.record("bob", "start_task", "demo-1", "t1", "ok", "x".repeat(5000));
            clock.advance(Duration.ofHours(2));
            audit.record("bob", "cancel", "demo-1", "t1", "forbidden", "viewer may not");
        }
        try (Database database = store.open()) {
            AuditLog audit = new AuditLog(database, clock);
            assertThat(audit.recent(10))
                    .extracting(AuditLog.Entry::action)
                    .containsExactly("cancel", "start_task", "login");
            assertThat(audit.recent(10)).allSatisfy(e -> assertThat(e.relay()).isEqualTo("north"));
            assertThat(audit.recent(1)).hasSize(1);
            assertThat(audit.query(new AuditLog.Query(null, "bob", null, "demo-1", "ok", 10)))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.action()).isEqualTo("start_task");
                        assertThat(e.detail()).hasSize(1024);
                        assertThat(e.at()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
                    });
            assertThat(audit.query(
                            new AuditLog.Query(Instant.parse("2026-12-03T09:00:00Z"), null, null, null, null, 10)))
                    .extracting(AuditLog.Entry::action)
                    .containsExactly("cancel", "start_task");
        }
    }
}
