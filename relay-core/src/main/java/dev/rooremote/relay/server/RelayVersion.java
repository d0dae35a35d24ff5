package dev.rooremote.relay.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The relay's release, from the build. */
public final class RelayVersion {

    private static final String VERSION = load();

    private RelayVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = RelayVersion.class.getResourceAsStream("/roo-relay-version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException ignored) {
            // fall through to the default
        }
        return "0.0.0-dev";
    }
}
