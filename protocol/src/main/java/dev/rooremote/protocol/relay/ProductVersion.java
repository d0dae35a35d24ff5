package dev.rooremote.protocol.relay;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version a Roo Remote program was built as, from the properties file Maven filtered into its jar. */
public final class ProductVersion {

    /** What a program run from unbuilt classes (an IDE, say) reports. */
    public static final String UNKNOWN = "0.0.0-dev";

    private ProductVersion() {}

    /** The {@code version} in {@code resource} on {@code owner}'s class path, or {@link #UNKNOWN}. */
    public static String read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
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
        return UNKNOWN;
    }
}
