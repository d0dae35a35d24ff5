package dev.rooremote.relay.store;

import java.nio.file.Path;

/** The two stores a relay keeps its state in; the store tests run against each. */
public enum StoreKind {
    EMBEDDED,
    POSTGRESQL;

    /**
     * A place for one test's state: the embedded database in {@code dataDir}, or a new database on the
     * test PostgreSQL server (with {@code dataDir} for the relay's keys). Opened as often as the test
     * likes, always on the same state.
     */
    public TestStore create(Path dataDir) {
        return new TestStore(this == POSTGRESQL ? TestPostgres.newDatabase() : null, dataDir);
    }

    /** The state one test opens and reopens. */
    public record TestStore(PostgresTarget postgres, Path dataDir) {

        /** What the relay under test is named in a shared database. */
        public static final String RELAY = "test-relay";

        public StoreTarget target(String relayName) {
            return new StoreTarget(postgres, relayName);
        }

        public StoreTarget target() {
            return target(RELAY);
        }

        public Database open() {
            return target().open(DataDir.open(dataDir));
        }
    }
}
