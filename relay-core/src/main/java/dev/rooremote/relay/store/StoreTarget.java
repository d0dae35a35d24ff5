package dev.rooremote.relay.store;

/**
 * Where a relay keeps its state, and the name it goes by.
 *
 * @param postgres a PostgreSQL database several relays may share, or null for the embedded database in
 *     the data dir
 * @param relayName what the audit trail and clients call this relay; in a shared database, also what
 *     its sessions' rows are kept under
 */
public record StoreTarget(PostgresTarget postgres, String relayName) {

    public StoreTarget {
        RelayName.check(relayName);
    }

    /** The embedded database, the relay named after its host. */
    public static StoreTarget embedded() {
        return new StoreTarget(null, RelayName.ofHost());
    }

    /** Opens the database (migrating its schema) for the relay on {@code dataDir}. */
    public Database open(DataDir dataDir) {
        return postgres == null ? Database.open(dataDir) : Database.open(dataDir, postgres, relayName);
    }

    /** Where the state is kept, for people: the data dir, or the PostgreSQL database's host, port and name. */
    public String describe(java.nio.file.Path dataDir) {
        return postgres == null ? "embedded, in " + dataDir : "PostgreSQL at " + postgres.location();
    }
}
