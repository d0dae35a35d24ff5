package dev.rooremote.relay.server;

import java.nio.file.Path;

/** {@link TestRelays} for tests of other packages: a TLS relay on a loopback port with the demo sessions. */
public final class TestRelaysAccess {

    private TestRelaysAccess() {}

    public static RelayRuntime start(Path dataDir) throws Exception {
        return start(dataDir, null);
    }

    /** As {@link #start(Path)}, naming {@code pushContact} to push services. */
    public static RelayRuntime start(Path dataDir, String pushContact) throws Exception {
        return TestRelays.start(new RelayRuntime.Options(dataDir, "127.0.0.1", 0, false, null, null, null, null, null)
                .withPushContact(pushContact));
    }
}
