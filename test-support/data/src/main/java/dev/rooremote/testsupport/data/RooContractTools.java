package dev.rooremote.testsupport.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code tools/roo-contract}: Roo's published schemas and the node-ipc stand-in, installed by the
 * protocol module's build ({@code npm ci}). Found from {@code -Droo.contract.dir}, else in the repository
 * above the working directory.
 */
public final class RooContractTools {

    private RooContractTools() {}

    /** The folder, whether or not its packages are installed yet. */
    public static Path dir() {
        String property = System.getProperty("roo.contract.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("tools").resolve("roo-contract");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "tools/roo-contract not found above " + System.getProperty("user.dir") + "; set -Droo.contract.dir");
    }

    /** Whether the contract checks are switched off ({@code -Droo.contract.skip=true}). */
    public static boolean skipped() {
        return Boolean.getBoolean("roo.contract.skip");
    }
}
