package dev.rooremote.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.client.AuthClient;
import dev.rooremote.client.Credentials;
import dev.rooremote.client.RelayAuthenticationException;
import dev.rooremote.client.TokenPair;
import dev.rooremote.protocol.roo.RooJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What {@code roo-agent login} and {@code roo-agent relays add} store: a list of relays, each with
 * the name the user gave it, its URL, its pinned certificate fingerprint and its own login (a
 * refresh token, plus the current access token, so that commands run in quick succession do not
 * each spend the refresh token), and which relay is the current one. The file is readable by its
 * owner only (0600, in a 0700 folder).
 *
 * <p>A file written before relays had names holds one login at its top level; it is read as a list
 * of that one relay, named after its host, and written back as a list the next time it changes.
 *
 * <p>Refresh tokens rotate: every refresh spends the stored one. Concurrent {@code roo-agent}
 * processes serialize on a lock file and re-read the file under the lock, so two of them never
 * spend the same token (which the relay would treat as theft and revoke the whole login).
 */
final class AgentConfig {

    static final String ENV_CONFIG = "ROO_AGENT_CONFIG";

    /** One relay and its login. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(
            String name,
            String url,
            String fingerprint,
            String user,
            String role,
            String refreshToken,
            String accessToken,
            Long accessExpiresAt) {

        /** When the stored access token expires (stored as epoch milliseconds). */
        Instant accessExpiry() {
            return accessExpiresAt == null ? null : Instant.ofEpochMilli(accessExpiresAt);
        }

        Stored named(String newName) {
            return new Stored(newName, url, fingerprint, user, role, refreshToken, accessToken, accessExpiresAt);
        }
    }

    private final Path file;

    AgentConfig(Path file) {
        this.file = file;
    }

    /** {@code $ROO_AGENT_CONFIG}, else {@code $XDG_CONFIG_HOME/roo-remote/agent.json}, else {@code ~/.config/...}. */
    static AgentConfig locate(Map<String, String> env) {
        String explicit = env.get(ENV_CONFIG);
        if (explicit != null && !explicit.isBlank()) {
            return new AgentConfig(Path.of(explicit));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new AgentConfig(base.resolve("roo-remote").resolve("agent.json"));
    }

    Path file() {
        return file;
    }

    /** The current relay's login, if any relay is stored. */
    Optional<Stored> read() throws IOException {
        return readAll().currentRelay();
    }

    /** Every stored relay; an empty list when there is no file. */
    StoredRelays readAll() throws IOException {
        if (!Files.exists(file)) {
            return StoredRelays.EMPTY;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            JsonNode json = RooJson.parse(text);
            if (json.has("relays")) {
                StoredRelays relays = RooJson.convert(json, StoredRelays.class);
                for (Stored relay : relays.relays()) {
                    if (relay.name() == null || relay.url() == null) {
                        throw new IllegalArgumentException("a relay without a name or URL");
                    }
                }
                return relays;
            }
            // Written before relays had names: one login at the top level.
            Stored single = RooJson.convert(json, Stored.class);
            if (single.url() == null) {
                return StoredRelays.EMPTY;
            }
            String name = single.name() != null ? single.name() : StoredRelays.EMPTY.freeNameFor(single.url());
            return StoredRelays.EMPTY.put(single.named(name));
        } catch (IllegalArgumentException e) {
            throw new IOException("the stored logins in " + file + " are unreadable (" + e.getMessage()
                    + "); delete the file and run 'roo-agent login' again");
        }
    }

    /** Stores {@code stored} as one more relay, or in place of the relay of the same name. */
    void write(Stored stored) throws IOException {
        writeAll(readAll().put(stored));
    }

    void writeAll(StoredRelays relays) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (posix) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(temp);
        }
        ObjectNode json = RooJson.mapper().valueToTree(relays);
        Files.writeString(
                temp,
                RooJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (posix) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * Runs {@code action} holding the config's lock: a lock file across processes, and (because a
     * JVM may hold a file lock only once) an in-process lock across threads.
     */
    <T> T locked(IoAction<T> action) throws IOException, InterruptedException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(file.getFileName() + ".lock");
        ReentrantLock local = LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lockInterruptibly();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            return action.run();
        } finally {
            local.unlock();
        }
    }

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    interface IoAction<T> {
        T run() throws IOException, InterruptedException;
    }

    /** The current relay's credentials (see {@link #credentials(String)}). */
    Credentials credentials() throws IOException {
        return credentials(readAll().current());
    }

    /**
     * Credentials of the stored relay {@code name}: its access token while valid, else a refresh
     * (stored back).
     */
    Credentials credentials(String name) {
        return new FileCredentials(name);
    }

    private final class FileCredentials implements Credentials {
        private final String name;

        FileCredentials(String name) {
            this.name = name;
        }

        @Override
        public AccessToken token(AuthClient auth, boolean renew) throws IOException, InterruptedException {
            return locked(() -> {
                Stored stored = (name == null
                                ? Optional.<Stored>empty()
                                : readAll().named(name))
                        .orElseThrow(() -> new RelayAuthenticationException(
                                401,
                                name == null
                                        ? "not logged in: run 'roo-agent login --url URL --user NAME' or set"
                                                + " ROO_RELAY_TOKEN"
                                        : "the relay " + name + " is no longer stored in " + file
                                                + ": add it again with 'roo-agent relays add'",
                                null));
                if (stored.refreshToken() == null && stored.accessToken() == null) {
                    throw new RelayAuthenticationException(
                            401, "the stored login in " + file + " has no token: run 'roo-agent login' again", null);
                }
                if (!renew && stored.accessToken() != null && stored.accessExpiresAt() != null) {
                    AccessToken cached = new AccessToken(stored.accessToken(), stored.accessExpiry());
                    if (!expiresSoon(cached)) {
                        return cached;
                    }
                }
                if (stored.refreshToken() == null) {
                    throw new RelayAuthenticationException(
                            401, "the stored login in " + file + " has expired: run 'roo-agent login' again", null);
                }
                TokenPair pair;
                try {
                    pair = auth.refresh(stored.refreshToken());
                } catch (RelayAuthenticationException e) {
                    throw new RelayAuthenticationException(
                            e.httpStatus(),
                            "the stored login for "
                                    + stored.user() + " at " + stored.url() + " was refused (expired or revoked): run"
                                    + " 'roo-agent login --url " + stored.url() + " --user " + stored.user()
                                    + "' again",
                            e.retryAfter().orElse(null));
                }
                write(new Stored(
                        stored.name(),
                        stored.url(),
                        stored.fingerprint(),
                        stored.user(),
                        pair.role() != null ? pair.role() : stored.role(),
                        pair.refreshToken() != null ? pair.refreshToken() : stored.refreshToken(),
                        pair.accessToken(),
                        pair.expiresAt().toEpochMilli()));
                return new AccessToken(pair.accessToken(), pair.expiresAt());
            });
        }

        private boolean expiresSoon(AccessToken token) {
            return Clock.systemUTC().instant().plus(REFRESH_MARGIN).isAfter(token.expiresAt());
        }
    }
}
