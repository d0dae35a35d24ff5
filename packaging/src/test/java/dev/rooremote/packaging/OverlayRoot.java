package dev.rooremote.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A root in which a package can be installed without changing this machine: the machine's own files seen
 * through an overlay whose changes land in a folder of the test's ({@link #changed}). A package's scripts run
 * in it (chroot) with the machine's own shell and tools, as on a system the package was made for. Each
 * command mounts the overlay (with /dev, /proc and /sys) in a mount namespace of its own (unshare -m), which
 * takes root; when the command ends the mounts are gone and only the changes remain.
 */
final class OverlayRoot {

    /** Mounts the overlay on $3 (upper $1, work $2), binds /dev, /proc and /sys into it, then runs the rest. */
    private static final String MOUNT_AND_RUN = """
            set -e
            upper=$1 work=$2 root=$3
            shift 3
            mount -t overlay overlay -o "lowerdir=/,upperdir=$upper,workdir=$work" "$root"
            mount --rbind /dev "$root/dev"
            mount --rbind /proc "$root/proc"
            mount --rbind /sys "$root/sys" 2>/dev/null || true
            exec "$@"
            """;

    private final Path upper;
    private final Path work;
    private final Path root;

    OverlayRoot(Path dir) throws IOException {
        this.upper = Files.createDirectories(dir.resolve("changes"));
        this.work = Files.createDirectories(dir.resolve("work"));
        this.root = Files.createDirectories(dir.resolve("root"));
    }

    /** Where the overlay is mounted while a command runs, e.g. for {@code rpm --root}. */
    String mountPoint() {
        return root.toString();
    }

    /** Runs {@code command} (a program of this machine) while the root is mounted at {@link #mountPoint()}. */
    Commands.Result withRoot(Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(
                "unshare", "-m", "sh", "-c", MOUNT_AND_RUN, "sh", upper.toString(), work.toString(), mountPoint()));
        line.addAll(List.of(command));
        return Commands.run(env, null, line);
    }

    /** Runs {@code command} inside the root (chroot), as a person on that system would type it. */
    Commands.Result inside(Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("chroot", mountPoint()));
        line.addAll(List.of(command));
        return withRoot(env, line.toArray(String[]::new));
    }

    /** Where a file or folder of the root is once a command wrote it: in the overlay's folder of changes. */
    Path changed(String absolutePath) {
        return upper.resolve(absolutePath.replaceFirst("^/+", ""));
    }

    /** The folder of changes, as a root to resolve absolute paths under. */
    Path changes() {
        return upper;
    }

    /** Whether this machine lets the overlay be mounted (root, and a kernel and container that allow it). */
    boolean mounts() throws IOException, InterruptedException {
        return withRoot(Map.of(), "true").exit() == 0;
    }
}
