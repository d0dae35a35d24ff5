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
 * The console's saved state: connections (URL, user and a refresh token, never a password), the
 * certificate fingerprint trusted for each relay, and the theme. One JSON file readable by its owner
 * only ({@code rw-------}), written atomically. Thread-safe.
 *
 * <p>A file that cannot be read is kept aside as {@code console.json.unreadable} and the console
 * starts empty, saying so, rather than overwriting it.
 */
public final class ConnectionStore {

    /** A connection to offer again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SavedConnection(String url, String user, String refreshToken) {}

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

    /** Saves or replaces the connection for the same URL and user. */
    public synchronized void remember(SavedConnection connection) {
        connections.removeIf(c -> c.url().equals(connection.url()) && c.user().equals(connection.user()));
        connections.add(0, connection);
        save();
    }

    public synchronized void forget(String url, String user) {
        connections.removeIf(c -> c.url().equals(url) && c.user().equals(user));
        save();
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
                    connections.add(new SavedConnection(
                            c.get("url").asText(),
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
