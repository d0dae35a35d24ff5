package dev.rooremote.relay.cli;

import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.auth.AgentTokens;
import dev.rooremote.relay.auth.Devices;
import dev.rooremote.relay.auth.JwtService;
import dev.rooremote.relay.auth.PairingCodes;
import dev.rooremote.relay.auth.Passkeys;
import dev.rooremote.relay.auth.PasswordHasher;
import dev.rooremote.relay.auth.RefreshTokens;
import dev.rooremote.relay.auth.UserStore;
import dev.rooremote.relay.store.Database;
import java.time.Clock;

/** The account stores the user and token commands work on, over one open database, and their audit trail. */
final class Accounts implements AutoCloseable {

    private final Database database;
    private final Clock clock = Clock.systemUTC();

    Accounts(Database database) {
        this.database = database;
    }

    UserStore users() {
        return new UserStore(database, new PasswordHasher(), clock);
    }

    RefreshTokens refreshTokens() {
        return new RefreshTokens(database, clock);
    }

    PairingCodes pairingCodes() {
        return new PairingCodes(database, clock);
    }

    Devices devices() {
        return new Devices(database, clock);
    }

    Passkeys passkeys() {
        return new Passkeys(database, clock);
    }

    AgentTokens agentTokens() {
        return new AgentTokens(database, new JwtService(database.dataDir(), clock), clock);
    }

    /** Records a successful account or token change made from the command line. */
    void audit(String action, String detail) {
        new AuditLog(database, clock).record(actor(), action, null, null, "ok", detail);
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    @Override
    public void close() {
        database.close();
    }
}
