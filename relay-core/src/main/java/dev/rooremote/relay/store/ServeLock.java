package dev.rooremote.relay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One relay serves a data dir at a time: two would number the same sessions' events twice. The lock is
 * the operating system's lock on {@code serve.lock}, so a relay that dies (even by {@code kill -9})
 * releases it; the file names the process that holds it, for the message the next one shows.
 * The user and token commands do not take it: they share the database with the running relay.
 */
public final class ServeLock implements AutoCloseable {

    static final String FILE_NAME = "serve.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ServeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or says which process serves the data dir already. */
    public static ServeLock take(DataDir dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            dataDir.makePrivate(FILE_NAME);
        } catch (IOException e) {
            throw new StoreException("cannot create " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String holder = holder(file);
            closeQuietly(channel);
            throw new StoreException("another relay" + holder + " is serving the data dir " + dataDir.root()
                    + ": stop it first, or give this relay its own --data-dir");
        }
        try {
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
        } catch (IOException e) {
            // The lock holds; only the note of who holds it is missing.
        }
        return new ServeLock(channel, lock);
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
