package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ProductVersion;

/** The relay's release, from the build. */
public final class RelayVersion {

    private static final String VERSION = load();

    private RelayVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        return ProductVersion.read(RelayVersion.class, "/roo-relay-version.properties");
    }
}
