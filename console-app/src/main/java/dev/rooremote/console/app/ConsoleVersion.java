package dev.rooremote.console.app;

import dev.rooremote.protocol.relay.ProductVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The console's release, from the build, and the runtimes it runs on, for --version and Help > About. */
public final class ConsoleVersion {

    private static final String VERSION = load();

    private ConsoleVersion() {}

    public static String get() {
        return VERSION;
    }

    /** E.g. "roo-console 0.1.0 (Java 17.0.15, JavaFX 21.0.5)". */
    public static String describe() {
        return "roo-console " + VERSION + " (Java " + System.getProperty("java.version") + ", JavaFX " + javafxVersion()
                + ")";
    }

    /** From javafx-base's own {@code javafx.properties}, readable before the toolkit starts. */
    private static String javafxVersion() {
        try (InputStream in = javafx.beans.Observable.class.getResourceAsStream("/javafx.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("javafx.version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return System.getProperty("javafx.version", "unknown");
    }

    private static String load() {
        return ProductVersion.read(ConsoleVersion.class, "/roo-console-version.properties");
    }
}
