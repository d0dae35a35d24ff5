package dev.rooremote.testsupport.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real Roo Code extension packed to run headless ({@code real-roo-VERSION.tar.gz}), named by whoever
 * runs the tests: {@code -Droo.real.package} or the environment variable {@code ROO_REAL_PACKAGE} (the
 * file, or the folder holding it). Nothing outside the repository is looked at unless it is named, so a
 * clone runs the same wherever it stands; without the package the tests that need it say they were
 * skipped.
 */
public final class RealRooPackage {

    private static final String PREFIX = "real-roo-";

    private RealRooPackage() {}

    /** The package, if there is one. */
    public static Optional<Path> find() {
        return candidates().stream()
                .map(RealRooPackage::tarballIn)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Why {@link #find()} found nothing: where it looked and how to point it at the package. */
    public static String whereLooked() {
        List<Path> named = candidates();
        return (named.isEmpty() ? "no package named" : "no " + PREFIX + "*.tar.gz in " + named)
                + "; name it with -Droo.real.package=FILE or ROO_REAL_PACKAGE=FILE (the file, or the folder"
                + " holding it)";
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String property = System.getProperty("roo.real.package");
        if (property != null && !property.isBlank()) {
            out.add(Path.of(property));
        }
        String env = System.getenv("ROO_REAL_PACKAGE");
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        return out;
    }

    private static Optional<Path> tarballIn(Path candidate) {
        if (Files.isRegularFile(candidate)) {
            return Optional.of(candidate.toAbsolutePath());
        }
        if (!Files.isDirectory(candidate)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(candidate)) {
            return files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith(PREFIX) && n.endsWith(".tar.gz");
                    })
                    .max(Comparator.comparing(f -> f.getFileName().toString()))
                    .map(Path::toAbsolutePath);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
