package dev.rooremote.console.connect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's saved state: the relays it connects to at start (each with the name the user gave
 * it, its URL, the user and a refresh token, never a password), the certificate fingerprint trusted
 * for each relay, and the theme. Connections saved before relays had names get their host as their
 * name when the file is read. One JSON file readable by its owner
 * only ({@code rw-------}), written atomically. Thread-safe.
 *
 * <p>A file that cannot be read is kept aside as {@code console.json.unreadable} and the console
 * starts empty, saying so, rather than overwriting it.
 */
public final class ConnectionStore {

    /** A relay to connect to again: its name in the console, where it is, and the login. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SavedConnection(String name, String url, String user, String refreshToken) {

        /** A connection not yet named: {@link #remember} keeps the name it has, or names it after its host. */
        public SavedConnection(String url, String user, String refreshToken) {
            this(null, url, user, refreshToken);
        }

        SavedConnection named(String newName) {
            return new SavedConnection(newName, url, user, refreshToken);
        }
    }

    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    private static final String FILE = "console.json";
    private static final ObjectMapper JSON = RooJson.mapper();

    private final Path file;
    private final List<SavedConnection> connections = new ArrayList<>();
    private final Map<String, String> fingerprints = new LinkedHashMap<>();
    private String theme;
    private String loadProblem;

    public ConnectionStore(Path directory) {
        this.file = directory.resolve(FILE);
        load();
    }

    /** {@code $XDG_CONFIG_HOME/roo-remote}, or {@code ~/.config/roo-remote}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("roo-remote");
    }

    public Path file() {
        return file;
    }

    /** Why the saved file could not be read at start, if it could not. */
    public synchronized Optional<String> loadProblem() {
        return Optional.ofNullable(loadProblem);
    }

    public synchronized List<SavedConnection> connections() {
        return List.copyOf(connections);
    }

    public synchronized Optional<String> fingerprint(String url) {
        return Optional.ofNullable(fingerprints.get(normalize(url)));
    }

    public synchronized Optional<String> theme() {
        return Optional.ofNullable(theme);
    }

    public synchronized void trust(String url, String fingerprint) {
        fingerprints.put(normalize(url), fingerprint);
        save();
    }

    /** Forgets the fingerprint of a relay (after its certificate was knowingly replaced). */
    public synchronized void forgetFingerprint(String url) {
        fingerprints.remove(normalize(url));
        save();
    }

    /**
     * Saves or replaces the connection for the same URL and user, in its place in the list. One
     * without a name keeps the name it was saved under, or is named after its host.
     */
    public synchronized SavedConnection remember(SavedConnection connection) {
        int at = -1;
        for (int i = 0; i < connections.size(); i++) {
            SavedConnection c = connections.get(i);
            if (c.url().equals(connection.url()) && c.user().equals(connection.user())) {
                at = i;
                break;
            }
        }
        String name = connection.name() != null
                ? connection.name()
                : at >= 0 && connections.get(at).name() != null
                        ? connections.get(at).name()
                        : freeName(connection.url());
        SavedConnection named = connection.named(name);
        if (at >= 0) {
            connections.set(at, named);
        } else {
            connections.add(named);
        }
        save();
        return named;
    }

    public synchronized void forget(String url, String user) {
        connections.removeIf(c -> c.url().equals(url) && c.user().equals(user));
        save();
    }

    /** Forgets the saved relay {@code name}; true if there was one. */
    public synchronized boolean forgetRelay(String name) {
        boolean removed = connections.removeIf(c -> name.equalsIgnoreCase(c.name()));
        if (removed) {
            save();
        }
        return removed;
    }

    /** The saved relay called {@code name} (names are compared ignoring case). */
    public synchronized Optional<SavedConnection> named(String name) {
        return connections.stream().filter(c -> name.equalsIgnoreCase(c.name())).findFirst();
    }

    /** A name for a relay at {@code url} that no saved relay has: its host, then host-2, host-3... */
    public synchronized String freeName(String url) {
        String host;
        try {
            host = java.net.URI.create(url.trim()).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        String base = host == null || host.isBlank() ? "relay" : host;
        base = base.length() > 36 ? base.substring(0, 36) : base;
        String name = base;
        for (int i = 2; named(name).isPresent(); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    /** Why {@code name} cannot name a relay, in words for people, or empty when it can. */
    public static Optional<String> checkName(String name) {
        if (name == null || !NAME.matcher(name.trim()).matches()) {
            return Optional.of("A relay's name has up to 40 letters, digits, '.', '_' or '-', and starts with"
                    + " a letter or digit (for example build-2).");
        }
        return Optional.empty();
    }

    public synchronized void setTheme(String theme) {
        this.theme = theme;
        save();
    }

    private static String normalize(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.toLowerCase(java.util.Locale.ROOT);
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            for (JsonNode c : root.path("connections")) {
                if (c.path("url").isTextual() && c.path("user").isTextual()) {
                    String url = c.get("url").asText();
                    connections.add(new SavedConnection(
                            c.path("name").isTextual() ? c.get("name").asText() : freeName(url),
                            url,
                            c.get("user").asText(),
                            c.path("refreshToken").isTextual()
                                    ? c.get("refreshToken").asText()
                                    : null));
                }
            }
            root.path("fingerprints").fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    fingerprints.put(e.getKey(), e.getValue().asText());
                }
            });
            theme = root.path("theme").isTextual() ? root.get("theme").asText() : null;
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(FILE + ".unreadable");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                aside = file;
            }
            connections.clear();
            fingerprints.clear();
            loadProblem = "The saved connections in " + file + " could not be read (" + e.getMessage()
                    + "). The file was kept as " + aside + "; the console starts without saved connections.";
        }
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("connections");
        connections.forEach(c -> list.add(JSON.valueToTree(c)));
        ObjectNode prints = root.putObject("fingerprints");
        fingerprints.forEach(prints::put);
        if (theme != null) {
            root.put("theme", theme);
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(temp);
            boolean posix =
                    FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file + ": " + e.getMessage(), e);
        }
    }
}
