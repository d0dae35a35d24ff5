package dev.rooremote.relay.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * The roo-remote-bridge extension as the relay ships it: {@code roo-remote-bridge.vsix}, a resource of the
 * relay's jar (copied there from the vscode-bridge module when the relay is built), written out to the data
 * dir so a launched VS Code can install it.
 */
public final class BridgeVsix {

    static final String RESOURCE = "roo-remote-bridge.vsix";

    private BridgeVsix() {}

    /** Whether this relay was built with the bridge. */
    public static boolean bundled() {
        return BridgeVsix.class.getResource(RESOURCE) != null;
    }

    /**
     * Writes the bundled vsix to {@code <dataDir>/bridge/roo-remote-bridge.vsix}, unless an identical one is
     * there already; empty when the relay was built without it.
     */
    public static synchronized Optional<Path> extract(Path dataDir) {
        byte[] bundled;
        try (InputStream in = BridgeVsix.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            bundled = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled bridge extension", e);
        }
        Path target = dataDir.toAbsolutePath().resolve("bridge").resolve(RESOURCE);
        try {
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bundled)) {
                return Optional.of(target);
            }
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(RESOURCE + ".part");
            Files.write(partial, bundled);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bridge extension to " + target + ": " + e.getMessage(), e);
        }
    }
}
