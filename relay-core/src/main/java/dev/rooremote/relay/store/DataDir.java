package dev.rooremote.relay.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The relay's data directory: the database, the TLS keystore and the signing secret. The folder is
 * private to its owner (0700) and every secret file in it is 0600, so the only protection secrets
 * need on disk is the file system's.
 */
public final class DataDir {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;

    private DataDir(Path root) {
        this.root = root;
    }

    /** Creates the folder (0700) if it is missing; refuses a path that is a file. */
    public static DataDir open(Path path) {
        Path root = path.toAbsolutePath().normalize();
        try {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new StoreException(
                        "data dir " + root + " is a file, not a folder: pass --data-dir a folder path");
            }
            if (!Files.exists(root)) {
                Files.createDirectories(root);
                restrict(root, PRIVATE_DIR);
            }
            if (!Files.isWritable(root)) {
                String user = System.getProperty("user.name");
                throw new StoreException("data dir " + root + " is not writable by user " + user + " (it belongs to "
                        + Files.getOwner(root).getName() + "): give it to " + user + " with 'sudo chown -R " + user
                        + ": " + root + "', run this as its owner, or pass --data-dir a folder " + user
                        + " can write");
            }
        } catch (AccessDeniedException e) {
            String user = System.getProperty("user.name");
            throw new StoreException(
                    "cannot create data dir " + root + ": user " + user + " may not write in " + existingAncestor(root)
                            + ". Create it for " + user + " first: 'sudo install -d -o " + user + " -g " + user
                            + " -m 0700 " + root + "', or pass --data-dir a folder " + user + " can write",
                    e);
        } catch (IOException e) {
            throw new StoreException("cannot create data dir " + root + ": " + e.getMessage(), e);
        }
        return new DataDir(root);
    }

    private static Path existingAncestor(Path path) {
        Path ancestor = path.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        return ancestor;
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /** Creates a private sub-folder (0700) if missing. */
    public Path privateFolder(String name) {
        Path folder = root.resolve(name);
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
            }
            restrict(folder, PRIVATE_DIR);
            return folder;
        } catch (IOException e) {
            throw new StoreException("cannot create folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the secret file {@code name}, or creates it (0600) from {@code generator} when it does not
     * exist yet. Creation is atomic, so two processes starting together agree on one secret.
     */
    public byte[] secret(String name, Supplier<byte[]> generator) {
        Path file = root.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            writePrivate(file, generator.get(), false);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StoreException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to a 0600 file, atomically replacing it when {@code replace}. */
    public static void writePrivate(Path file, byte[] bytes, boolean replace) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + Long.toHexString(RANDOM.nextLong()));
        try {
            Files.createFile(tmp, attributesFor(tmp));
            restrict(tmp, PRIVATE_FILE);
            Files.write(tmp, bytes, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: keep theirs
                } catch (UnsupportedOperationException noLinks) {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the data dir's files whose names start with {@code prefix} readable by their owner only (0600). */
    public void makePrivate(String prefix) {
        try (java.util.stream.Stream<Path> files = Files.list(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(prefix) && Files.isRegularFile(file)) {
                    restrict(file, PRIVATE_FILE);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot make the files " + prefix + "* private: " + e.getMessage(), e);
        }
    }

    /** Random bytes from a strong source. */
    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static FileAttribute<?>[] attributesFor(Path path) {
        if (posix(path.getParent())) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)};
        }
        return new FileAttribute<?>[0];
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
