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
 * What {@code roo-agent login} stores: the relay's URL, its pinned certificate fingerprint, and a
 * refresh token (plus the current access token, so that commands run in quick succession do not
 * each spend the refresh token). The file is readable by its owner only (0600, in a 0700 folder).
 *
 * <p>Refresh tokens rotate: every refresh spends the stored one. Concurrent {@code roo-agent}
 * processes serialize on a lock file and re-read the file under the lock, so two of them never
 * spend the same token (which the relay would treat as theft and revoke the whole login).
 */
final class AgentConfig {

    static final String ENV_CONFIG = "ROO_AGENT_CONFIG";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(
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

    Optional<Stored> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            JsonNode json = RooJson.parse(text);
            return Optional.of(RooJson.convert(json, Stored.class));
        } catch (IllegalArgumentException e) {
            throw new IOException("the stored login in " + file + " is unreadable (" + e.getMessage()
                    + "); delete it and run 'roo-agent login' again");
        }
    }

    void write(Stored stored) throws IOException {
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
        ObjectNode json = RooJson.mapper().valueToTree(stored);
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

    /** Credentials backed by this file: the stored access token while valid, else a refresh (stored back). */
    Credentials credentials() {
        return new FileCredentials();
    }

    private final class FileCredentials implements Credentials {
        @Override
        public AccessToken token(AuthClient auth, boolean renew) throws IOException, InterruptedException {
            return locked(() -> {
                Stored stored = read().orElseThrow(() -> new RelayAuthenticationException(
                        401,
                        "not logged in: run 'roo-agent login --url URL --user NAME' or set ROO_RELAY_TOKEN",
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
