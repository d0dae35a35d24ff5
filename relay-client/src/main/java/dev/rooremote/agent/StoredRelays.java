package dev.rooremote.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The relays {@code roo-agent} knows, in the order they were added, and which one commands use when
 * none is named. Immutable: every change returns a new list.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StoredRelays(String current, List<AgentConfig.Stored> relays) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    static final StoredRelays EMPTY = new StoredRelays(null, List.of());

    StoredRelays {
        relays = relays == null ? List.of() : List.copyOf(relays);
        if (current != null && !contains(relays, current)) {
            current = null;
        }
        if (current == null && !relays.isEmpty()) {
            current = relays.get(0).name();
        }
    }

    private static boolean contains(List<AgentConfig.Stored> relays, String name) {
        return relays.stream().anyMatch(r -> r.name().equals(name));
    }

    /** A relay's name as a person may type it, or a usage error that says which names are allowed. */
    static String checkName(String name) {
        String n = name == null ? "" : name.trim();
        if (!NAME.matcher(n).matches()) {
            throw new UsageException("the relay name '" + name + "' is not allowed: use up to 40 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit (for example build-2)");
        }
        return n;
    }

    /** A name for a relay at {@code url} that no stored relay has: its host, then host-2, host-3... */
    String freeNameFor(String url) {
        String host;
        try {
            host = URI.create(url.trim()).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        String base = host == null || host.isBlank()
                ? "relay"
                : host.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (base.isEmpty()) {
            base = "relay";
        }
        base = base.length() > 36 ? base.substring(0, 36) : base;
        String name = base;
        for (int i = 2; named(name).isPresent(); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    Optional<AgentConfig.Stored> named(String name) {
        return relays.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The relay {@code name}, or a usage error that names the relays there are. */
    AgentConfig.Stored require(String name) {
        return named(name)
                .orElseThrow(() -> new UsageException(
                        relays.isEmpty()
                                ? "no relay named '" + name
                                        + "': none is configured yet; add one with 'roo-agent relays add NAME"
                                        + " --url wss://HOST:PORT --user USER'"
                                : "no relay named '" + name + "'; the configured relays are " + names()
                                        + " ('roo-agent relays' lists them)"));
    }

    Optional<AgentConfig.Stored> currentRelay() {
        return current == null ? Optional.empty() : named(current);
    }

    Optional<AgentConfig.Stored> byUrl(String url) {
        return relays.stream()
                .filter(r -> ConnectionOptions.sameUrl(r.url(), url))
                .findFirst();
    }

    /** Adds {@code relay}, or replaces the stored relay of the same name. */
    StoredRelays put(AgentConfig.Stored relay) {
        List<AgentConfig.Stored> next = new ArrayList<>(relays);
        int at = indexOf(relay.name());
        if (at >= 0) {
            next.set(at, relay);
        } else {
            next.add(relay);
        }
        return new StoredRelays(current, next);
    }

    StoredRelays remove(String name) {
        List<AgentConfig.Stored> next = new ArrayList<>(relays);
        next.removeIf(r -> r.name().equalsIgnoreCase(name));
        return new StoredRelays(name.equalsIgnoreCase(current) ? null : current, next);
    }

    StoredRelays use(String name) {
        return new StoredRelays(require(name).name(), relays);
    }

    String names() {
        return relays.stream().map(AgentConfig.Stored::name).collect(Collectors.joining(", "));
    }

    private int indexOf(String name) {
        for (int i = 0; i < relays.size(); i++) {
            if (relays.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
