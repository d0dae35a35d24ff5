package dev.rooremote.relay.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A relay's name: what the audit trail and clients call it, and what its rows carry in a database several
 * relays share. 1 to 64 letters, digits, dots, dashes and underscores; the host's name by default.
 */
public final class RelayName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RelayName() {}

    /** Throws a {@link StoreException} saying what is wrong with {@code name}, if anything. */
    public static String check(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new StoreException("relay name '" + name + "' is not valid: use 1 to 64 letters, digits, '.', '-'"
                    + " or '_', starting with a letter or digit (e.g. --relay-name build-01)");
        }
        return name;
    }

    /** The host's name, made valid; {@code relay} when the host has none that can be used. */
    public static String ofHost() {
        return Host.NAME;
    }

    /** Looked up once, when first asked for: the lookup may wait on a name server. */
    private static final class Host {
        static final String NAME = lookUp();
    }

    private static String lookUp() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "");
        }
        String cleaned =
                host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        if (cleaned.length() > 64) {
            cleaned = cleaned.substring(0, 64);
        }
        return VALID.matcher(cleaned).matches() ? cleaned : "relay";
    }
}
