package dev.rooremote.testsupport.roo;

import dev.rooremote.testsupport.data.RealRooPackage;
import dev.rooremote.testsupport.data.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The real Roo package unpacked once per build into the build's {@code target/real-roo}, shared by the
 * modules' tests; unpacked again only when the package changes.
 */
final class RealRooHome {

    private static Path home;

    private RealRooHome() {}

    static synchronized Path get() {
        if (home == null) {
            Path tarball =
                    RealRooPackage.find().orElseThrow(() -> new IllegalStateException(RealRooPackage.whereLooked()));
            home = unpack(tarball, buildRoot().resolve("target").resolve("real-roo"));
        }
        return home;
    }

    private static Path unpack(Path tarball, Path into) {
        try {
            Files.createDirectories(into);
            String stamp = tarball.getFileName() + " " + Files.size(tarball) + " "
                    + Files.getLastModifiedTime(tarball).toMillis();
            Path marker = into.resolve("unpacked.txt");
            try (FileChannel lockFile = FileChannel.open(
                            into.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Path root = into.resolve(tarball.getFileName().toString().replace(".tar.gz", ""));
                if (Files.exists(marker) && Files.readString(marker).equals(stamp) && Files.isDirectory(root)) {
                    return root;
                }
                Files.deleteIfExists(marker);
                TestFiles.deleteTree(root);
                Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", into.toString())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(tar.getInputStream().readAllBytes());
                if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0 || !Files.isDirectory(root)) {
                    throw new IllegalStateException("cannot unpack " + tarball + " into " + into + ": " + output);
                }
                Files.writeString(marker, stamp);
                return root;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + tarball + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + tarball, e);
        }
    }

    /** The reactor's root (the folder with {@code mvnw}), else the working directory. */
    private static Path buildRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve(".mvn"))) {
                return p;
            }
        }
        return start;
    }
}
